"""The annotated news corpus: standoff annotations over ``../shared/data/news_pages``."""

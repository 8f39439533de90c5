"""Event coding: the codebook, trigger extraction, classification and modality."""

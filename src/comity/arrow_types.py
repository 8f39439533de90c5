"""Arrow types of the record parts that Parquet files share — one definition for the Dask shards
(``comity.distributed``) and the Parquet export (``comity.formats.tabular``)."""

from __future__ import annotations

import pyarrow as pa

#: an ActorRef: {actorText, code, sector, name}
ACTOR = pa.struct(
    [("actorText", pa.string()), ("code", pa.string()), ("sector", pa.string()), ("name", pa.string())]
)
#: a Location: {name, country, lat, lon}
LOCATION = pa.struct(
    [("name", pa.string()), ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64())]
)

"""Relations: from stored events to what analysts ask — how are two actors getting on, since
when, on what evidence, and what changed this week.

- :func:`update_clusters` — one real-world event counted once (``clusters.py``); call it after
  each ingest batch with the new document ids;
- :func:`dyad_series`, :func:`dyads` — per-period counts and weighted Goldstein (``dyads.py``);
- :func:`relation_scores`, :func:`score_series`, :func:`evidence` — smoothed score, trend,
  label and evidence (``scores.py``);
- :func:`network`, :func:`triads` — signed graph, blocs, unbalanced triads (``network.py``);
- :func:`alerts` — weeks that break with a dyad's own baseline (``alerts.py``);
- :func:`actor_key` — the node an actor stands for: a state's code, a non-state actor's name.

Every function takes a :class:`comity.store.Store` and returns pandas DataFrames (the network a
:class:`Network` holding a networkx graph and two DataFrames). Nothing here prints.
"""

from __future__ import annotations

from comity.relations.alerts import alerts
from comity.relations.clusters import ClusterUpdate, ensure_clusters, rebuild_clusters, update_clusters
from comity.relations.dyads import dyad_series, dyads
from comity.relations.keys import actor_key
from comity.relations.network import Network, network, signed_blocs, triads
from comity.relations.scores import evidence, relation_scores, score_series

__all__ = [
    "ClusterUpdate",
    "Network",
    "actor_key",
    "alerts",
    "dyad_series",
    "dyads",
    "ensure_clusters",
    "evidence",
    "network",
    "rebuild_clusters",
    "relation_scores",
    "score_series",
    "signed_blocs",
    "triads",
    "update_clusters",
]

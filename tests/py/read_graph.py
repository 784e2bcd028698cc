"""Load an entente graph export with NetworkX and print what it read as JSON.

Usage: python3 read_graph.py json|gexf|graphml FILE

The Rust tests in tests/exports.rs compare the printed nodes, edges and
attributes with the network that was exported. Exits with status 3 when
NetworkX is not installed, or too old to read GEXF 1.3, so that those tests
can skip.
"""

import json
import sys
import xml.etree.ElementTree as ET

try:
    import networkx as nx
except ImportError:
    print("networkx is not installed (python3 -m pip install networkx)", file=sys.stderr)
    sys.exit(3)

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


def load(fmt, path):
    """Reads the file the way a NetworkX user would."""
    if fmt == "json":
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        try:
            return nx.node_link_graph(data, edges="links")
        except TypeError:  # NetworkX before 3.4 has no edges= keyword
            return nx.node_link_graph(data, link="links")
    if fmt == "gexf":
        if "1.3" not in nx.readwrite.gexf.GEXF.versions:
            print(f"networkx {nx.__version__} cannot read GEXF 1.3 (it can from 3.6 on)", file=sys.stderr)
            sys.exit(3)
        return nx.read_gexf(path)
    if fmt == "graphml":
        return nx.read_graphml(path)
    raise SystemExit(f"unknown format {fmt!r}")


def gexf_colours(path):
    """Edge id -> #rrggbb from viz:color, which read_gexf keeps for nodes only."""
    colours = {}
    for edge in ET.parse(path).getroot().iter(GEXF + "edge"):
        colour = edge.find(VIZ + "color")
        if colour is not None:
            rgb = (int(colour.get(c)) for c in "rgb")
            colours[edge.get("id")] = "#" + "".join(f"{v:02x}" for v in rgb)
    return colours


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    g = load(fmt, path)
    if g.is_multigraph():
        edges = g.edges(keys=True, data=True)
    else:
        edges = ((u, v, None, d) for u, v, d in g.edges(data=True))
    out = {
        "networkx": nx.__version__,
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "graph": g.graph,
        "nodes": {str(n): d for n, d in g.nodes(data=True)},
        "edges": [{"u": u, "v": v, "key": k, "data": d} for u, v, k, d in edges],
    }
    if fmt == "gexf":
        out["colours"] = gexf_colours(path)
    json.dump(out, sys.stdout, default=str)
    print()


main()

import json, sys, re, collections
path = sys.argv[1]
data = json.load(open(path))
events = data['recording']['events']
def tname(e):
    t = e['values'].get('sampledThread') or e['values'].get('eventThread') or {}
    n = (t or {}).get('javaName') or (t or {}).get('osName') or '?'
    return re.sub(r'\d+', 'N', n)
def frames(e):
    st = e['values'].get('stackTrace') or {}
    out = []
    for f in st.get('frames', []):
        m = f['method']; out.append(m['type']['name'] + '.' + m['name'] + ':' + str(f.get('lineNumber')))
    return out
by = collections.defaultdict(collections.Counter)
top = collections.defaultdict(collections.Counter)
burr = collections.defaultdict(collections.Counter)
for e in events:
    typ = e['type'].split('.')[-1]
    tn = tname(e)
    by[typ][tn] += 1
    fr = frames(e)
    if fr:
        top[(typ, tn)][fr[0]] += 1
        for f in fr:
            if f.startswith('dev.burr') or f.startswith('dev/burr'):
                burr[(typ, tn)][f] += 1; break
for typ, c in by.items():
    print('==', typ, sum(c.values()))
    for tn, n in c.most_common(8):
        print('   ', n, tn)
        for f, k in top[(typ, tn)].most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 4):
            print('        top', k, f)
        for f, k in burr[(typ, tn)].most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 4):
            print('        burr', k, f)

"""Append reviewed gold sets to the claim gold set, in the files' own layout.

Usage (from the repository root):

    python3 scripts/goldkit/append.py dev|test SET.json [SET.json ...]

Articles get the split's next ids (d..., t...), claims their keys in the
order the files use; the old-id -> new-id map is printed for the review
record.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render import render  # noqa: E402

ORDER = ['s', 'type', 'roles', 'claimant', 'hedge', 'negated', 'time']


def main():
    split, files = sys.argv[1], sys.argv[2:]
    path = 'internal/extract/testdata/claims/%s.json' % split
    arts = json.load(open(path))
    prefix = 'd' if split == 'dev' else 't'
    n = len(arts)
    for f in files:
        for a in json.load(open(f)):
            n += 1
            old, a['id'] = a['id'], '%s%d' % (prefix, n)
            claims = []
            for c in a['claims']:
                extra = [k for k in c if k not in ORDER]
                if extra:
                    sys.exit('%s: unknown claim keys %s' % (old, extra))
                claims.append({k: c[k] for k in ORDER if k in c})
            arts.append({'id': a['id'], 'published': a['published'], 'outlet': a['outlet'], 'p': a['p'], 'claims': claims})
            print(old, a['id'])
    open(path, 'w').write(render(arts))


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Write README.md from nbs/index.ipynb (nbdev_readme needs quarto, which is not installed here).
Markdown cells are copied; code cells are shown unless marked `#| hide`; `#| echo: false` hides the code but keeps
outputs; PNG outputs are written to images/ and linked; text outputs are shown as code blocks."""
import json, base64, re
from pathlib import Path
top = Path(__file__).resolve().parent.parent
nb = json.loads((top/'nbs'/'index.ipynb').read_text())
img = top/'images'; img.mkdir(exist_ok=True)
for f in img.glob('readme_*.png'): f.unlink()
out, k = [], 0
for c in nb['cells']:
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': out.append(src); continue
    lines = src.split('\n'); dirs = [l for l in lines if l.startswith('#|')]
    if any(re.match(r'#\|\s*hide', l) for l in dirs): continue
    code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    if code and not any(re.match(r'#\|\s*echo:\s*false', l) for l in dirs): out.append(f"```python\n{code}\n```")
    for o in c.get('outputs', []):
        d = o.get('data', {})
        if 'image/png' in d:
            k += 1; p = img/f'readme_{k}.png'; p.write_bytes(base64.b64decode(d['image/png']))
            out.append(f"![](images/{p.name})")
        elif o.get('output_type') == 'stream' or 'text/plain' in d:
            t = ''.join(o.get('text', d.get('text/plain', ''))).rstrip()
            if t and not t.startswith('<Figure'): out.append(f"```\n{t}\n```")
(top/'README.md').write_text('\n\n'.join(out).strip() + '\n')
print(f"README.md written ({k} images)")

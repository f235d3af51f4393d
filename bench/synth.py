"""Speed of the synthetic face generator (facefast.synth) on one core.

Prints a table of faces/s at 64, 128 and 256 px and scenes/s at 360x480, both by wall clock and by process CPU
time (CPU time is what one core delivers even when the machine is shared), next to a baseline measured in the same
run: decoding a JPEG of the same size from disk, i.e. what reading a real dataset costs. Writes bench/synth.json.
Usage: python bench/synth.py [--n 300]
"""
import argparse, json, os, platform, tempfile, time
from pathlib import Path
import cv2, numpy as np
from facefast.synth import synth_face, synth_scene

def timed(f, n):
    "Run f(i) for i < n; return (items/s by wall clock, items/s by CPU time)"
    f(10**6)                                            # warm-up (caches, lazy buffers)
    w, c = time.perf_counter(), time.process_time()
    for i in range(n): f(i)
    return n / (time.perf_counter() - w), n / (time.process_time() - c)

def jpeg_baseline(img, n):
    "Decode rate of `img` written as a JPEG file (quality 90)"
    p = Path(tempfile.mkdtemp())/'x.jpg'; cv2.imwrite(str(p), img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 90])
    return timed(lambda i: cv2.imread(str(p)), n)

def main(n=300):
    cv2.setNumThreads(1)                                # one core
    rows = []
    for size in (64, 128, 256):
        k = n if size < 256 else n // 2
        wall, cpu = timed(lambda i: synth_face(i, size), k)
        bw, bc = jpeg_baseline(synth_face(0, size).image, 4 * k)
        rows.append(dict(item=f'face {size}px', n=k, per_s_wall=wall, per_s_cpu=cpu, jpeg_read_per_s_cpu=bc,
                         cost_vs_jpeg_read=bc / cpu))
    k = max(10, n // 10)
    wall, cpu = timed(lambda i: synth_scene(i), k)
    bw, bc = jpeg_baseline(synth_scene(0).image, 4 * k)
    rows.append(dict(item='scene 360x480', n=k, per_s_wall=wall, per_s_cpu=cpu, jpeg_read_per_s_cpu=bc, cost_vs_jpeg_read=bc / cpu))
    print(f"{'item':<15}{'n':>6}{'/s wall':>10}{'/s CPU':>10}{'JPEG read/s':>13}{'x JPEG read':>13}")
    for r in rows:
        print(f"{r['item']:<15}{r['n']:>6}{r['per_s_wall']:>10.0f}{r['per_s_cpu']:>10.0f}{r['jpeg_read_per_s_cpu']:>13.0f}{r['cost_vs_jpeg_read']:>13.1f}")
    target = next(r for r in rows if r['item'] == 'face 128px')['per_s_cpu']
    print(f"128 px faces on one core: {target:.0f}/s (target 200/s: {'met' if target >= 200 else 'NOT met'}); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    out = dict(rows=rows, target_faces_per_s_128=200, met=bool(target >= 200), loadavg=os.getloadavg()[0],
               cpus=os.cpu_count(), python=platform.python_version(), opencv=cv2.__version__, numpy=np.__version__)
    Path(__file__).with_suffix('.json').write_text(json.dumps(out, indent=1))
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=300)
    main(ap.parse_args().n)

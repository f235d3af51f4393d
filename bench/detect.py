"""Speed of the MTCNN cascade: facefast.mtcnn.detect.MTCNNDetector vs facenet-pytorch's MTCNN.detect, same weights.

Run: python bench/detect.py [--reps 15] [--threads 2]
CPU only, torch.set_num_threads(threads) (default 2). Images: skimage's astronaut (512x512, one face), the takeo
fixture (150x225), and two scenes made by pasting skimage/fixture faces onto real photos (640x480 with 4 faces,
1024x768 with 5 faces). Per image the three detectors run interleaved `reps` times; the table shows the best wall
time (the least disturbed run; the medians are in the JSON), the best process CPU time, the speed-up of facefast over
facenet-pytorch, and OpenCV's Haar cascade (frontal face, default parameters) as a reference. On a shared machine
wall times with 2 threads swing widely (OpenMP threads wait for each other); `--threads 1` and the CPU-time columns
are the steadier comparison.
A last row times the whole mixed-size list in one facefast call (facenet-pytorch refuses mixed sizes, so it loops).
Also checks that both MTCNNs find the same faces (count, min IoU). Writes bench/detect.json.
"""
import argparse, json, os, platform, time
from pathlib import Path
import numpy as np, cv2, torch, skimage.data
from torchvision.ops import box_iou

ROOT = Path(__file__).resolve().parent.parent

def paste_scene(bg, faces, places, size):
    "Paste `faces` (HxWx3) onto `bg` resized to `size=(w,h)` at `places` [(x, y, width)]"
    s = cv2.resize(bg, size, interpolation=cv2.INTER_AREA)
    for i, (x, y, fw) in enumerate(places):
        src = faces[i % len(faces)]
        f = cv2.resize(src, (fw, int(fw * src.shape[0] / src.shape[1])), interpolation=cv2.INTER_AREA)
        s[y:y + f.shape[0], x:x + f.shape[1]] = f
    return s

def images():
    from facefast.core import load_image
    ast = skimage.data.astronaut()
    tk = load_image(ROOT/'nbs'/'fixtures'/'takeo.ppm')
    face = cv2.resize(ast[40:200, 160:290], (130, 160))
    return {
        'astronaut 512x512': ast,
        'takeo 150x225': tk,
        'scene 640x480': paste_scene(skimage.data.coffee(), [face, tk], [(40, 60, 120), (300, 100, 60), (480, 300, 90), (200, 330, 40)], (640, 480)),
        'scene 1024x768': paste_scene(skimage.data.rocket(), [face, tk], [(50, 50, 200), (400, 120, 100), (700, 400, 150), (300, 500, 70), (850, 100, 50)], (1024, 768)),
    }

def timeit(f):
    w, c = time.perf_counter(), time.process_time()
    r = f()
    return r, time.perf_counter() - w, time.process_time() - c

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--reps', type=int, default=15)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--out', default=str(ROOT/'bench'/'detect.json'))
    a = ap.parse_args()
    torch.set_num_threads(a.threads); cv2.setNumThreads(a.threads)
    from facefast.mtcnn.detect import MTCNNDetector
    from facenet_pytorch import MTCNN
    ours = MTCNNDetector.from_pretrained('facenet-pytorch', device='cpu')
    ref = MTCNN(keep_all=True, select_largest=False, device='cpu')
    haar = cv2.CascadeClassifier(os.path.join(cv2.data.haarcascades, 'haarcascade_frontalface_default.xml'))
    def run_haar(im): return haar.detectMultiScale(cv2.cvtColor(im, cv2.COLOR_RGB2GRAY), 1.1, 5, minSize=(20, 20))
    ims = images()
    load0 = os.getloadavg()[0]
    rows = []
    for name, im in ims.items():
        ours.detect(im); ref.detect(im); run_haar(im)                   # warm-up
        t = {k: ([], []) for k in ('facefast', 'facenet', 'haar')}
        for _ in range(a.reps):
            for k, f in (('facefast', lambda: ours.detect(im)), ('facenet', lambda: ref.detect(im, landmarks=True)),
                         ('haar', lambda: run_haar(im))):
                r, w, c = timeit(f)
                t[k][0].append(w); t[k][1].append(c)
                if k == 'facefast': d = r
                if k == 'facenet': fb = r[0]
                if k == 'haar': nh = len(r)
        nf = 0 if fb is None else len(fb)
        iou = float(box_iou(torch.from_numpy(d.boxes), torch.from_numpy(fb.astype(np.float32))).max(1).values.min()) if nf and len(d) else None
        row = dict(image=name, faces_facefast=len(d), faces_facenet=nf, faces_haar=nh, min_iou=iou)
        for k, (w, c) in t.items():
            row[f'{k}_ms'] = 1000 * float(np.min(w)); row[f'{k}_median_ms'] = 1000 * float(np.median(w)); row[f'{k}_cpu_ms'] = 1000 * float(np.min(c))
        row['speedup'] = row['facenet_ms'] / row['facefast_ms']; row['speedup_cpu'] = row['facenet_cpu_ms'] / row['facefast_cpu_ms']
        row['speedup_median'] = row['facenet_median_ms'] / row['facefast_median_ms']
        rows.append(row)
    # the whole mixed-size list: facefast in one call, facenet-pytorch image by image
    lst = list(ims.values())
    ours.detect(lst)
    tw = {k: ([], []) for k in ('facefast', 'facenet', 'haar')}
    for _ in range(a.reps):
        for k, f in (('facefast', lambda: ours.detect(lst)), ('facenet', lambda: [ref.detect(i, landmarks=True) for i in lst]),
                     ('haar', lambda: [run_haar(i) for i in lst])):
            _, w, c = timeit(f); tw[k][0].append(w); tw[k][1].append(c)
    row = dict(image='all 4, one call', faces_facefast=sum(r['faces_facefast'] for r in rows),
               faces_facenet=sum(r['faces_facenet'] for r in rows), faces_haar=sum(r['faces_haar'] for r in rows), min_iou=None)
    for k, (w, c) in tw.items():
        row[f'{k}_ms'] = 1000 * float(np.min(w)); row[f'{k}_median_ms'] = 1000 * float(np.median(w)); row[f'{k}_cpu_ms'] = 1000 * float(np.min(c))
    row['speedup'] = row['facenet_ms'] / row['facefast_ms']; row['speedup_cpu'] = row['facenet_cpu_ms'] / row['facefast_cpu_ms']
    row['speedup_median'] = row['facenet_median_ms'] / row['facefast_median_ms']
    rows.append(row)
    load1 = os.getloadavg()[0]

    hdr = f"{'image':18s} {'faces ff/fn/haar':>16s} {'minIoU':>7s} {'facefast ms':>11s} {'facenet ms':>10s} {'speed-up':>8s} {'cpu ms ff':>9s} {'cpu ms fn':>9s} {'cpu x':>6s} {'haar ms':>8s}"
    print(f"MTCNN detect, CPU, torch {torch.__version__}, {a.threads} threads, {a.reps} reps (best wall / best CPU); load avg {load0:.1f} -> {load1:.1f}")
    print(hdr); print('-' * len(hdr))
    for r in rows:
        iou = '' if r['min_iou'] is None else f"{r['min_iou']:.4f}"
        print(f"{r['image']:18s} {r['faces_facefast']:>4d}/{r['faces_facenet']:>3d}/{r['faces_haar']:>4d}      {iou:>7s} {r['facefast_ms']:11.1f} {r['facenet_ms']:10.1f} "
              f"{r['speedup']:7.2f}x {r['facefast_cpu_ms']:9.1f} {r['facenet_cpu_ms']:9.1f} {r['speedup_cpu']:5.2f}x {r['haar_ms']:8.1f}")
    per_img = rows[:-1]
    gm = float(np.exp(np.mean([np.log(r['speedup']) for r in per_img])))
    gmc = float(np.exp(np.mean([np.log(r['speedup_cpu']) for r in per_img])))
    gmm = float(np.exp(np.mean([np.log(r['speedup_median']) for r in per_img])))
    print(f"geometric-mean speed-up over facenet-pytorch: {gm:.2f}x best wall, {gmm:.2f}x median wall, {gmc:.2f}x CPU time (target >= 2x)")
    out = dict(threads=a.threads, reps=a.reps, torch=torch.__version__, cpu_count=os.cpu_count(), machine=platform.machine(),
               load_avg=[load0, load1], rows=rows, geomean_speedup=gm, geomean_speedup_median=gmm, geomean_speedup_cpu=gmc)
    Path(a.out).write_text(json.dumps(out, indent=2))
    print(f"wrote {a.out}")

if __name__ == '__main__':
    main()

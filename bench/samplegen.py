"""Benchmark MTCNN sample generation: facefast.mtcnn.data.generate_samples vs the seed's per-crop loop vs decoding only.

Run: python bench/samplegen.py [--n 200] [--reps 3] [--workers 2]
Same images (synthetic 500x375 JPEG scenes, 1-8 faces), same per-image quotas (50 random negatives, 5 near-face
negatives per face, positives/parts around each face), measured in one run, interleaved, best of `reps`.
Prints a table and writes bench/samplegen.json.
"""
import os, sys, json, time, shutil, tempfile, argparse
import numpy as np, numpy.random as npr, cv2, torch
from pathlib import Path

def IoU(box, boxes):
    "The seed's IoU of one box against many (numpy, +1 pixel convention)"
    box_area = (box[2] - box[0] + 1) * (box[3] - box[1] + 1)
    area = (boxes[:, 2] - boxes[:, 0] + 1) * (boxes[:, 3] - boxes[:, 1] + 1)
    xx1 = np.maximum(box[0], boxes[:, 0]); yy1 = np.maximum(box[1], boxes[:, 1])
    xx2 = np.minimum(box[2], boxes[:, 2]); yy2 = np.minimum(box[3], boxes[:, 3])
    w = np.maximum(0, xx2 - xx1 + 1); h = np.maximum(0, yy2 - yy1 + 1)
    inter = w * h
    return inter / (box_area + area - inter)

def seed_loop(annotations, im_dir, save_dir, size=12):
    "A faithful copy of the seed's gen_12net_data loop: per crop a Python iteration, numpy IoU, cv2.resize, one JPEG"
    pos_save_dir, part_save_dir, neg_save_dir = (os.path.join(save_dir, k) for k in ('positive', 'part', 'negative'))
    for d in (save_dir, pos_save_dir, part_save_dir, neg_save_dir): os.makedirs(d, exist_ok=True)
    f1 = open(os.path.join(save_dir, 'pos_12.txt'), 'w')
    f2 = open(os.path.join(save_dir, 'neg_12.txt'), 'w')
    f3 = open(os.path.join(save_dir, 'part_12.txt'), 'w')
    p_idx = n_idx = d_idx = idx = 0
    for annotation in annotations:
        annotation = annotation.strip().split(' ')
        im_path = annotation[0]
        bbox = list(map(float, annotation[1:]))
        boxes = np.array(bbox, dtype=np.float32).reshape(-1, 4)
        img = cv2.imread(os.path.join(im_dir, im_path))
        idx += 1
        height, width, channel = img.shape
        neg_num = 0
        while neg_num < 50:
            size_ = npr.randint(12, min(width, height) / 2)
            nx = npr.randint(0, width - size_); ny = npr.randint(0, height - size_)
            crop_box = np.array([nx, ny, nx + size_, ny + size_])
            Iou = IoU(crop_box, boxes)
            cropped_im = img[ny: ny + size_, nx: nx + size_, :]
            resized_im = cv2.resize(cropped_im, (size, size), interpolation=cv2.INTER_LINEAR)
            if np.max(Iou) < 0.3:
                save_file = os.path.join(neg_save_dir, "%s.jpg" % n_idx)
                f2.write("12/negative/%s" % n_idx + ' 0\n')
                cv2.imwrite(save_file, resized_im)
                n_idx += 1; neg_num += 1
        for box in boxes:
            x1, y1, x2, y2 = box
            w = x2 - x1 + 1; h = y2 - y1 + 1
            if max(w, h) < 20 or x1 < 0 or y1 < 0: continue
            for i in range(5):
                size_ = npr.randint(12, min(width, height) / 2)
                delta_x = npr.randint(max(-size_, -x1), w); delta_y = npr.randint(max(-size_, -y1), h)
                nx1 = int(max(0, x1 + delta_x)); ny1 = int(max(0, y1 + delta_y))
                if nx1 + size_ > width or ny1 + size_ > height: continue
                crop_box = np.array([nx1, ny1, nx1 + size_, ny1 + size_])
                Iou = IoU(crop_box, boxes)
                cropped_im = img[ny1: ny1 + size_, nx1: nx1 + size_, :]
                resized_im = cv2.resize(cropped_im, (size, size), interpolation=cv2.INTER_LINEAR)
                if np.max(Iou) < 0.3:
                    save_file = os.path.join(neg_save_dir, "%s.jpg" % n_idx)
                    f2.write("12/negative/%s" % n_idx + ' 0\n')
                    cv2.imwrite(save_file, resized_im)
                    n_idx += 1
            for i in range(20):
                size_ = npr.randint(int(min(w, h) * 0.8), np.ceil(1.25 * max(w, h)))
                if w < 5: continue
                delta_x = npr.randint(-w * 0.2, w * 0.2); delta_y = npr.randint(-h * 0.2, h * 0.2)
                nx1 = int(max(x1 + w / 2 + delta_x - size_ / 2, 0)); ny1 = int(max(y1 + h / 2 + delta_y - size_ / 2, 0))
                nx2 = nx1 + size_; ny2 = ny1 + size_
                if nx2 > width or ny2 > height: continue
                crop_box = np.array([nx1, ny1, nx2, ny2])
                offset_x1 = (x1 - nx1) / float(size_); offset_y1 = (y1 - ny1) / float(size_)
                offset_x2 = (x2 - nx2) / float(size_); offset_y2 = (y2 - ny2) / float(size_)
                cropped_im = img[ny1: ny2, nx1: nx2, :]
                resized_im = cv2.resize(cropped_im, (size, size), interpolation=cv2.INTER_LINEAR)
                box_ = box.reshape(1, -1)
                iou = IoU(crop_box, box_)
                if iou >= 0.65:
                    save_file = os.path.join(pos_save_dir, "%s.jpg" % p_idx)
                    f1.write("12/positive/%s" % p_idx + ' 1 %.2f %.2f %.2f %.2f\n' % (offset_x1, offset_y1, offset_x2, offset_y2))
                    cv2.imwrite(save_file, resized_im); p_idx += 1
                elif iou >= 0.4:
                    save_file = os.path.join(part_save_dir, "%s.jpg" % d_idx)
                    f3.write("12/part/%s" % d_idx + ' -1 %.2f %.2f %.2f %.2f\n' % (offset_x1, offset_y1, offset_x2, offset_y2))
                    cv2.imwrite(save_file, resized_im); d_idx += 1
    for f in (f1, f2, f3): f.close()
    return dict(positive=p_idx, part=d_idx, negative=n_idx)

def make_images(d, n):
    "n synthetic 500x375 JPEG scenes with 1-8 faces, and their WIDER-style records"
    from facefast.synth import synth_scene
    from facefast.formats import WiderRecord
    recs = []
    for i in range(n):
        sc = synth_scene([7, i], (375, 500), n_faces=(1, 8), min_face=16)
        f = f'{i:05d}.jpg'
        cv2.imwrite(str(d/f), np.ascontiguousarray(sc.image[..., ::-1]), [cv2.IMWRITE_JPEG_QUALITY, 90])
        recs.append(WiderRecord(f, sc.boxes, sc.attrs))
    return recs

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=200); ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--out', default=str(Path(__file__).parent/'samplegen.json'))
    a = ap.parse_args()
    from facefast.mtcnn.data import generate_samples
    torch.set_num_threads(1); cv2.setNumThreads(1)
    tmp = Path(tempfile.mkdtemp(prefix='samplegen.'))
    try:
        (tmp/'img').mkdir()
        recs = make_images(tmp/'img', a.n)
        ann = [r.fname + ' ' + ' '.join('%.2f' % v for v in r.boxes.flatten()) for r in recs]
        opts = dict(n_neg=50, n_near=5, n_pos=10, n_part=10, n_lmk=0, min_face=20)
        def decode():
            for r in recs: cv2.imread(str(tmp/'img'/r.fname))
        def seed():
            o = tmp/'seed'; shutil.rmtree(o, ignore_errors=True)
            npr.seed(0); return seed_loop(ann, str(tmp/'img'), str(o))
        def ours(w=0):
            o = tmp/f'ours{w}'; shutil.rmtree(o, ignore_errors=True)
            return generate_samples(recs, tmp/'img', o, size=12, n_workers=w, progress=False, **opts).counts
        runs = dict(decode=decode, seed=seed, ours=ours)
        if a.workers: runs[f'ours_{a.workers}_workers'] = lambda: ours(a.workers)
        wall = {k: [] for k in runs}; cpu = {k: [] for k in runs}; counts = {}
        for rep in range(a.reps):                  # interleaved, so load changes hit every method alike
            for k, f in runs.items():
                t0, c0 = time.perf_counter(), time.process_time()
                r = f()
                wall[k].append(time.perf_counter() - t0); cpu[k].append(time.process_time() - c0)
                if r is not None: counts[k] = r
        best = {k: min(v) for k, v in wall.items()}; bcpu = {k: min(v) for k, v in cpu.items()}
        res = dict(n_images=a.n, n_faces=int(sum(len(r.boxes) for r in recs)), image_size='500x375', reps=a.reps,
                   ms_per_image={k: 1e3 * v / a.n for k, v in best.items()},
                   cpu_ms_per_image={k: 1e3 * v / a.n for k in ('decode', 'seed', 'ours') for v in [bcpu[k]]},
                   counts=counts,
                   speedup_vs_seed=best['seed'] / best['ours'], ratio_to_decode=best['ours'] / best['decode'],
                   cpu_speedup_vs_seed=bcpu['seed'] / bcpu['ours'], cpu_ratio_to_decode=bcpu['ours'] / bcpu['decode'])
        if a.workers:
            k = f'ours_{a.workers}_workers'
            res.update(workers=a.workers, workers_speedup_vs_seed=best['seed'] / best[k], workers_ratio_to_decode=best[k] / best['decode'],
                       workers_first_call_s=wall[k][0])   # includes starting the fork server (one import of facefast)
        print(f"{a.n} images 500x375, {res['n_faces']} faces, best of {a.reps} (interleaved); cores: {os.cpu_count()}")
        print(f"{'method':<22}{'ms/image':>10}{'cpu ms/image':>14}  samples")
        for k in runs:
            c = counts.get(k, {})
            print(f"{k:<22}{res['ms_per_image'][k]:>10.2f}{(1e3 * bcpu[k] / a.n if not k.startswith('ours_') else float('nan')):>14.2f}  "
                  + ', '.join(f'{kk} {vv}' for kk, vv in c.items()))
        print(f"ours vs seed loop: {res['speedup_vs_seed']:.1f}x faster (cpu {res['cpu_speedup_vs_seed']:.1f}x); "
              f"ours / decode-only: {res['ratio_to_decode']:.2f}x (cpu {res['cpu_ratio_to_decode']:.2f}x)")
        if a.workers: print(f"{a.workers} workers: {res['workers_speedup_vs_seed']:.1f}x the seed loop, {res['workers_ratio_to_decode']:.2f}x decode-only "
                            f"(first call {res['workers_first_call_s']:.1f} s: it starts the worker server)")
        Path(a.out).write_text(json.dumps(res, indent=1))
    finally: shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__': main()

"""Keypoints and segmentation on the one real annotated face: `facefast train ... --pretrained` with the CLI defaults.

Run: python bench/real_fixture.py [--out-dir DIR] [--n 20] [--seed 3]
The issues' targets are set on ~20 real training faces and unseen real test faces (keypoints NME <= 0.08; segmentation
mIoU >= 0.5 with each eye IoU > 0.3). No real collection ships, so this trains each task exactly as a user would, with
the CLI and its defaults (`--pretrained`), on `--n` synthetic faces written by `facefast synth`, and scores it with
`facefast eval` on the real fixture `nbs/fixtures/takeo.ppm` (hand-placed 68 points) and its mirror image, which no
training here sees. Baselines from the same run: the mean training shape placed in each test face's box (keypoints;
the issue's "mean shape in the box"), and a per-pixel class prior of the training masks (segmentation; each pixel
gets the class that covers it most often relative to the class's total area; the plain majority is background
everywhere, mIoU 0).
Writes bench/real_fixture.json.
"""
import argparse, json, subprocess, sys, time, tempfile
from pathlib import Path
import numpy as np, cv2

ROOT = Path(__file__).resolve().parent.parent

def cli(*args, log=None):
    "Run `python -m facefast.cli ...`; its output goes to `log`"
    with open(log, 'a') as f: subprocess.run([sys.executable, '-m', 'facefast.cli', *map(str, args)], check=True, stdout=f, stderr=subprocess.STDOUT)

def real_sets(d):
    "`d/kp` (images with .pts) and `d/seg` (segmentation folder) holding takeo and its mirror"
    from facefast.core import load_image, flip_points, IBUG68
    from facefast.formats import read_pts, write_pts
    from facefast.segmentation import seg_folder_from_landmarks
    im = load_image(ROOT/'nbs'/'fixtures'/'takeo.ppm'); p = read_pts(ROOT/'nbs'/'fixtures'/'takeo.pts')
    mi, mp = np.ascontiguousarray(im[:, ::-1]), flip_points(p, im.shape[1], IBUG68)   # .pts convention: x -> w - x
    (d/'kp').mkdir(parents=True, exist_ok=True)
    for n, a, q in (('takeo', im, p), ('mirror', mi, mp)):
        cv2.imwrite(str(d/'kp'/f'{n}.png'), a[..., ::-1]); write_pts(q, d/'kp'/f'{n}.pts')
    seg_folder_from_landmarks([im, mi], [p, flip_points(p, im.shape[1] - 1, IBUG68)], d/'seg')   # pixel centres: x -> w-1-x
    return d/'kp', d/'seg'

def mean_shape_nme(train_xml, test_dir):
    "NME of the mean training shape (in box-relative units) placed in each test face's box: both boxes from the points' extent"
    from facefast.formats import read_imglab, read_pts
    from facefast.eval import nme
    def rel(p):
        lo, hi = p.min(0), p.max(0); return (p - lo) / (hi - lo)
    shapes = [rel(pp) for r in read_imglab(train_xml) for pp in r.parts]
    mean = np.mean(shapes, 0); errs = []
    for f in sorted(Path(test_dir).glob('*.pts')):
        t = read_pts(f); lo, hi = t.min(0), t.max(0)
        errs.append(float(nme(mean * (hi - lo) + lo, t)))
    return float(np.mean(errs))

def prior_scores(train_dir, test_dir):
    "Scores of a per-pixel prior on the test masks: the class whose training masks (resized to one square) cover the pixel most often, relative to the class's size"
    from facefast.segmentation import seg_confusion, seg_scores
    from facefast.formats import read_seg_folder
    tr, te = read_seg_folder(train_dir), read_seg_folder(test_dir); n = len(tr.codes); s = 160
    lab = lambda f: cv2.resize(cv2.imread(str(f), cv2.IMREAD_UNCHANGED), (s, s), interpolation=cv2.INTER_NEAREST)
    votes = np.zeros((n, s, s), np.int64)
    for f in tr.labels:
        m = lab(f)
        for c in range(n): votes[c] += m == c
    prior = (votes / np.maximum(votes.sum((1, 2), keepdims=True), 1)).argmax(0)   # each class where it is most often, for its size
    truth = [cv2.imread(str(f), cv2.IMREAD_UNCHANGED) for f in te.labels]
    cm = sum(seg_confusion(cv2.resize(prior.astype(np.uint8), t.shape[::-1], interpolation=cv2.INTER_NEAREST), t, n) for t in truth)
    return seg_scores(cm.double(), te.codes)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out-dir', default=None); ap.add_argument('--n', type=int, default=20); ap.add_argument('--seed', type=int, default=3)
    ap.add_argument('--json', default=str(ROOT/'bench'/'real_fixture.json'))
    a = ap.parse_args()
    d = Path(a.out_dir or tempfile.mkdtemp(prefix='real_fixture.')); d.mkdir(parents=True, exist_ok=True); log = d/'cli.log'
    kp_test, seg_test = real_sets(d)
    res = {}
    for task, test in (('keypoints', kp_test), ('segmentation', seg_test)):
        cli('synth', task, '--out', d/f'{task}_train', '--n', a.n, '--seed', a.seed, log=log)
        data = d/f'{task}_train'/'labels.xml' if task == 'keypoints' else d/f'{task}_train'
        t0 = time.perf_counter()
        cli('train', task, '--data', data, '--pretrained', '--out', d/f'{task}_model', log=log)
        secs = time.perf_counter() - t0
        cli('eval', task, '--model', d/f'{task}_model', '--data', test, '--json', d/f'{task}_eval.json', log=log)
        m = json.loads((d/f'{task}_eval.json').read_text())
        base = mean_shape_nme(data, test) if task == 'keypoints' else prior_scores(data, test)
        res[task] = dict(train_seconds=secs, model=m, baseline=base)
    k, s = res['keypoints'], res['segmentation']
    eyes = lambda r: min(r['iou_left_eye'], r['iou_right_eye'])
    print(f"CLI defaults with --pretrained, {a.n} synthetic training faces (seed {a.seed}); test: the real takeo face and its mirror")
    print(f"{'task':<14}{'metric':<26}{'facefast':>10}{'baseline':>10}{'target':>10}{'train min':>11}")
    print(f"{'keypoints':<14}{'NME (inter-ocular)':<26}{k['model']['nme']:>10.3f}{k['baseline']:>10.3f}{'<= 0.08':>10}{k['train_seconds'] / 60:>11.1f}")
    print(f"{'segmentation':<14}{'mIoU (4 regions)':<26}{s['model']['miou']:>10.3f}{s['baseline']['miou']:>10.3f}{'>= 0.5':>10}{s['train_seconds'] / 60:>11.1f}")
    print(f"{'':<14}{'min eye IoU':<26}{eyes(s['model']):>10.3f}{eyes(s['baseline']):>10.3f}{'> 0.3':>10}")
    res.update(n_train=a.n, seed=a.seed, test='nbs/fixtures/takeo (real, hand-placed 68 points) and its mirror',
               nme_vs_mean_shape=k['model']['nme'] / k['baseline'], miou_vs_prior=s['model']['miou'] / max(s['baseline']['miou'], 1e-9))
    Path(a.json).write_text(json.dumps(res, indent=1, default=float))

if __name__ == '__main__': main()

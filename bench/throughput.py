"""Training throughput of each facefast learner against a plain PyTorch loop on the same model and data.

For every task learner (keypoints, segmentation, age, expression) on its embedded default data, three loops train
the same network (same initial weights, all parameters trainable, Adam at a constant learning rate) for the same
number of batches, and images/s is measured:

* `fastai`:        `learn.fit(1, lr)`: fastai's DataLoader, batch transforms on the device, callbacks, recorder.
* `torch`:         a plain PyTorch loop (`zero_grad`, forward, loss, backward, `step`) over the *same* fastai
                   DataLoader, so both see identical batches and augmentation: the ratio is the training-loop overhead.
* `torch_inmem`:   the plain loop over batches collated in memory beforehand: the compute ceiling; `fastai` / this
                   says how much data loading and augmentation cost.

The machine is shared and noisy, so the loops are interleaved (A, B, C, A, B, C, ...) and the median of the repeats is
reported. Target (issue 9): fastai >= 0.9 x the plain loop. Prints a table and writes bench/throughput.json.
Usage: python bench/throughput.py [--batches 12] [--repeats 3] [--tasks keypoints,segmentation,age,expression]
"""
import argparse, copy, importlib, json, os, platform, statistics, time, warnings
from pathlib import Path
warnings.filterwarnings('ignore')
import torch
from fastai.vision.all import set_seed, CancelValidException, Callback, CancelFitException
from facefast.synth import default_data

class StopAfter(Callback):
    "Stop `fit` after `n` training batches (skip validation); time the batches after the first (warm-up)"
    order = 99
    def __init__(self, n): self.n = n
    def before_fit(self): self.i, self.imgs, self.t0 = 0, 0, None
    def after_batch(self):
        if not self.training: return
        self.i += 1
        if self.i == 1: self.t0 = time.perf_counter(); return
        self.imgs += len(self.learn.xb[0])
        if self.i > self.n: self.dt = time.perf_counter() - self.t0; raise CancelFitException
    def before_validate(self): raise CancelValidException

def make(task, size, bs):
    "`(learn, lr)` for `task` on its embedded default data"
    if task == 'keypoints':
        from facefast.keypoints import keypoints_dls, keypoint_learner
        dls = keypoints_dls(default_data('keypoints')/'labels.xml', size=size, bs=bs, repeat=4)
        return keypoint_learner(dls, pretrained=False), 1e-3
    if task == 'segmentation':
        from facefast.segmentation import segmentation_dls, segmentation_learner
        dls = segmentation_dls(default_data('segmentation'), size=size, bs=bs)
        return segmentation_learner(dls, pretrained=False), 1e-3
    if task == 'age':
        from facefast.age import age_dls, age_learner
        dls = age_dls(default_data('age'), size=size, bs=bs)
        return age_learner(dls, pretrained=False), 1e-3
    if task == 'expression':
        m = importlib.import_module('facefast.expression')
        dls = m.expression_dls(default_data('expression'), size=size, bs=bs)
        return m.expression_learner(dls, pretrained=False), 1e-3
    raise ValueError(task)

def run_fastai(learn, state, lr, n):
    learn.model.load_state_dict(state); learn.opt = None
    cb = StopAfter(n)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, lr, cbs=cb)
    return cb.imgs / cb.dt

def plain_loop(model, loss_func, batches, lr, n):
    "Plain PyTorch training over `batches` (an iterable of (x, y)); images/s over batches 2..n+1"
    model.train(); opt = torch.optim.Adam(model.parameters(), lr=lr)
    imgs, t0 = 0, None
    for i, (x, y) in enumerate(batches):
        opt.zero_grad(); loss = loss_func(model(x), y); loss.backward(); opt.step()
        if i == 0: t0 = time.perf_counter(); continue
        imgs += len(x)
        if i == n: break
    return imgs / (time.perf_counter() - t0)

def run_torch(learn, state, lr, n):
    learn.model.load_state_dict(state)
    return plain_loop(learn.model, learn.loss_func, iter(learn.dls.train), lr, n)

def run_inmem(learn, state, lr, n, cache=[]):
    learn.model.load_state_dict(state)
    if not cache or cache[0][0] is not learn:
        it = iter(learn.dls.train); cache[:] = [(learn, [tuple(t.clone() for t in next(it)) for _ in range(n + 1)])]
    return plain_loop(learn.model, learn.loss_func, cache[0][1], lr, n)

def bench_task(task, size, bs, n, repeats):
    set_seed(0)
    learn, lr = make(task, size, bs)
    learn.unfreeze()
    state = copy.deepcopy(learn.model.state_dict())
    if len(learn.dls.train) < n + 1: n = len(learn.dls.train) - 1
    res = {k: [] for k in ('fastai', 'torch', 'torch_inmem')}
    for _ in range(repeats):
        res['fastai'].append(run_fastai(learn, state, lr, n))
        res['torch'].append(run_torch(learn, state, lr, n))
        res['torch_inmem'].append(run_inmem(learn, state, lr, n))
    med = {k: statistics.median(v) for k, v in res.items()}
    return dict(task=task, size=size, bs=bs, batches=n, repeats=repeats, **{f'{k}_img_s': v for k, v in med.items()},
                ratio_vs_torch=med['fastai'] / med['torch'], ratio_vs_inmem=med['fastai'] / med['torch_inmem'], runs=res)

def main(tasks, n, repeats):
    sizes = dict(keypoints=(96, 16), segmentation=(96, 8), age=(64, 32), expression=(64, 32))
    rows = []
    for t in tasks:
        try: rows.append(bench_task(t, *sizes[t], n, repeats))
        except ModuleNotFoundError as e: print(f"{t}: skipped ({e})")
    print(f"\n{'task':<13}{'px':>4}{'bs':>4}{'fastai img/s':>14}{'torch img/s':>13}{'in-mem img/s':>14}{'fastai/torch':>14}{'fastai/in-mem':>15}")
    for r in rows:
        print(f"{r['task']:<13}{r['size']:>4}{r['bs']:>4}{r['fastai_img_s']:>14.1f}{r['torch_img_s']:>13.1f}{r['torch_inmem_img_s']:>14.1f}"
              f"{r['ratio_vs_torch']:>14.2f}{r['ratio_vs_inmem']:>15.2f}")
    worst = min((r['ratio_vs_torch'] for r in rows), default=float('nan'))
    print(f"worst fastai/torch ratio {worst:.2f} (target >= 0.9: {'met' if worst >= 0.9 else 'NOT met'}); "
          f"torch threads {torch.get_num_threads()}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    out = dict(rows=rows, target_ratio=0.9, met=bool(worst >= 0.9), loadavg=os.getloadavg()[0], cpus=os.cpu_count(),
               threads=torch.get_num_threads(), torch=torch.__version__, python=platform.python_version())
    Path(__file__).with_suffix('.json').write_text(json.dumps(out, indent=1))
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--batches', type=int, default=12); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--tasks', default='keypoints,segmentation,age,expression')
    a = ap.parse_args()
    main(a.tasks.split(','), a.batches, a.repeats)

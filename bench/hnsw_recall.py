"""HNSW recall@10 against exact search on clustered synthetic vectors, with real queries.

    .venv/bin/python bench/hnsw_recall.py STORE_SQLITE N

(search/dense.py switches to IVF from 200k vectors; this script keeps HNSW at any N, and
bench/search_bench.py measures whichever index the store gets.)
N vectors are drawn around the passage vectors of an existing store (e.g. one built by
`search.evaluate.build_store` from the sample corpus) plus Gaussian noise, so they cluster the way
real embeddings do; the queries are the labelled questions embedded by the real model.
"""
import sys,time; sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
import numpy as np, sqlite3
from search.dense import DenseIndex
# clustered synthetic vectors around real passage embeddings of the sample corpus
db=sqlite3.connect(sys.argv[1])
R=np.vstack([np.frombuffer(b,dtype=np.float32) for (b,) in db.execute('select vector from passages')])
rng=np.random.default_rng(1)
n=int(sys.argv[2])
X=R[rng.integers(0,len(R),n)]+rng.normal(scale=0.6/np.sqrt(384),size=(n,384)).astype(np.float32)
X/=np.linalg.norm(X,axis=1,keepdims=True)
t=time.time(); idx=DenseIndex.build(np.arange(n),X,0,exact_threshold=1000,ivf_threshold=10**12); print('build s',round(time.time()-t,1))  # HNSW at any n
qs=[]
from search.encoder import Encoder
from search.evaluate import load_questions
Q=Encoder().encode([q.question for q in load_questions()])
S=Q@X.T; truth=[set(np.argsort(-s)[:10].tolist()) for s in S]
for ef in (512,1024,2048):
    idx.index.hnsw.efSearch=ef; rec=[]; times=[]
    for q,t in zip(Q,truth):
        c=time.perf_counter(); h=idx.search(q,10); times.append(time.perf_counter()-c)
        rec.append(len({r for r,_ in h}&t)/10)
    ms=np.array(times)*1000
    print(f'| {ef} | {np.mean(rec):.3f} | {np.percentile(ms,50):.2f} / {np.percentile(ms,95):.2f} ms |')

"""One rank of a torch.distributed group beside the course's C# ranks (DistributedTests): PyTorch's own
init_process_group over tcp://127.0.0.1:PORT on Gloo, then the same collectives as DistWorker's "collectives"
scenario, in the same order. Prints one JSON line.   usage: dist_peer.py RANK WORLD PORT TIMEOUT_S"""
import datetime
import json
import sys

import torch
import torch.distributed as dist

rank, world, port = (int(a) for a in sys.argv[1:4])
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 60
dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world,
                        timeout=datetime.timedelta(seconds=timeout))

s = torch.tensor([rank + 1.0, 10.0 * (rank + 1)])
dist.all_reduce(s)
# Gloo has no AVG: a sum divided by the world size, as the course's binding does it
a = torch.tensor([rank * 2.0, 1.0], dtype=torch.float64)
dist.all_reduce(a)
a /= world
m = torch.tensor([rank, -rank], dtype=torch.int64)
dist.all_reduce(m, op=dist.ReduceOp.MAX)
b = torch.tensor([3.5, -1.0, 7.0]) if rank == world - 1 else torch.zeros(3)
dist.broadcast(b, world - 1)
mine = torch.full((2,), 100 + rank, dtype=torch.int64)
gathered = [torch.zeros(2, dtype=torch.int64) for _ in range(world)]
dist.all_gather(gathered, mine)
dist.barrier()
print(json.dumps({"rank": rank, "sum": s.tolist(), "avg": a.tolist(), "max": m.tolist(), "broadcast": b.tolist(),
                  "gathered": [g.tolist() for g in gathered]}), flush=True)
dist.destroy_process_group()

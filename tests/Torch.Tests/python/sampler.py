"""PyTorch's DistributedSampler indices for a list of cases [n, replicas, shuffle, seed, epoch, drop_last]:
prints, per case, each rank's indices (DistributedTests compares the binding's sampler with them)."""
import json
import sys

from torch.utils.data.distributed import DistributedSampler

out = []
for n, replicas, shuffle, seed, epoch, drop_last in json.loads(sys.argv[1]):
    ranks = []
    for rank in range(replicas):
        s = DistributedSampler(range(n), num_replicas=replicas, rank=rank, shuffle=shuffle, seed=seed, drop_last=drop_last)
        s.set_epoch(epoch)
        ranks.append(list(s))
    out.append(ranks)
print(json.dumps(out))

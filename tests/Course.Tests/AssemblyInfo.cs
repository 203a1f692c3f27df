// Training tests seed torch's global RNG and compare histories bit for bit: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

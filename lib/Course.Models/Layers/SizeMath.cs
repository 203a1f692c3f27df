namespace Course.Models;

/// <summary>Output-size arithmetic for convolutions and pooling (used to size the first fully connected layer).</summary>
public static class SizeMath
{
    /// <summary>⌊(size + 2·padding − kernel) / stride⌋ + 1 (or ⌈…⌉ with <paramref name="ceil"/>).</summary>
    public static long ConvOut(long size, long kernel, long stride = 1, long padding = 0, bool ceil = false)
    {
        long span = size + 2 * padding - kernel;
        if (span < 0)
            throw new ArgumentException($"A window of {kernel} (padding {padding}) does not fit an input of size {size}.");
        long n = ceil ? (span + stride - 1) / stride + 1 : span / stride + 1;
        // PyTorch's rule: with ceil_mode the last window must start inside the (left-padded) input.
        if (ceil && (n - 1) * stride >= size + padding) n--;
        return n;
    }
}

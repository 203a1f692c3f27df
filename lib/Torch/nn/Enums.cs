namespace TorchSharp;

/// <summary>How a convolution pads its input's border.</summary>
public enum PaddingModes { Zeros = 0, Reflect = 1, Replicate = 2, Circular = 3, Constant = 4 }

/// <summary>Padding by rule: none (<see cref="Valid"/>) or keeping the input size at stride 1 (<see cref="Same"/>).</summary>
public enum Padding { Valid = 0, Same = 1 }

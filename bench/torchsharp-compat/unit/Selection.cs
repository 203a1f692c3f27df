using System.Text.RegularExpressions;

namespace Measure;

/// <summary>
/// Which of TorchSharp's tests are "in scope": those whose subject is something a CNN course touches — tensor
/// creation, shape ops, indexing, arithmetic, reductions, autograd, dispose scopes, nn layers and modules, init,
/// losses, optim, save/load. A test is selected by its file and its method name (the method names say their
/// subject; [TestOf] is used too rarely upstream to go by). Upstream-skipped tests are never selected.
/// </summary>
public static class Selection
{
    /// <summary>One rule: the tests of <paramref name="File"/> whose method name matches <paramref name="Methods"/> belong to <paramref name="Area"/>.</summary>
    public sealed record Rule(string Area, string File, Regex Methods);

    static Rule R(string area, string file, string methods) =>
        new(area, file, new Regex("^(?:" + methods + ")$", RegexOptions.CultureInvariant));

    /// <summary>In no area, whatever rule matches: other element types, names, devices and numerics the binding leaves out.</summary>
    public static readonly Regex Excluded = new(
        "Complex|BFloat16|Float16|Half|Int8|Int16|SByte|WithNames|Named|Strided|Cuda|CUDA|Window|Logspace|Sparse|Bilinear",
        RegexOptions.CultureInvariant);

    /// <summary>Areas left out on purpose, with the files (or parts of files) they cover; printed with the selection.</summary>
    public static readonly string[] ExcludedAreas =
    [
        "JIT / TorchScript (TestJIT.cs, script-loading tests elsewhere)",
        "export (TestExport.cs), hub (TestTorchHub.cs)",
        "TorchVision (TestTorchVision*.cs, vision transforms in TestTorchTensor.cs)",
        "TorchAudio (TestTorchAudio*.cs)",
        "distributions (TestDistributions.cs)",
        "linear algebra (LinearAlgebra.cs), FFT/STFT, complex numbers, special functions, windows",
        "data loaders (TestDataLoader.cs), RNN utilities and packed sequences (TestNNUtils.cs, *PackedSequence*.cs)",
        "RNN/LSTM/GRU, embeddings, transformers, attention, padding, upsampling/interpolation, 3-D layers, exotic losses",
        "optimizers other than SGD/Adam/AdamW (Adagrad, Adadelta, Adamax, NAdam, RAdam, ASGD, Rprop, RMSprop, LBFGS)",
        "float16/bfloat16/int8/int16, named tensors, strided/storage access, string formatting, quantization",
        "CUDA-only tests, upstream-skipped tests (Skip = ..., ignored on Linux), netstandardTests.cs (net472 only)",
    ];

    const string TT = "TestTorchTensor.cs", PW = "PointwiseTensorMath.cs", NN = "NN.cs", TR = "TestTraining.cs",
                 BG = "TestTorchTensorBugs.cs";

    public static readonly Rule[] Rules =
    [
        // --- tensor creation and conversion (float32/int64 as the main element types; the other types' twins left out)
        R("tensor creation", TT, @"ScalarCreation|Default(DType|Device)Creation|FromArrayFactory|MDTensorFactory(Float32|Int64)" +
                                 @"|CreateFloat32Tensor(Zeros|Empty|Full|Ones|OnesCheckData|ZerosCheckData|CheckDevice|FromData|FromDataCheckDispose" +
                                 @"|FromData2|FromScalar|FromScalar2|OnesLike|ZerosLike|EmptyLike|FullLike|RandLike|RandnLike|RandintLike)" +
                                 @"|CreateInt64Tensor(Zeros|Ones)|CreateInt32TensorEyeCheckData1|CreateFloat32Linspace|ScalarToTensor|NegativeScalarToTensor" +
                                 @"|RandomTest|InplaceUniform|Data(Float32|Int64)|DataItemFloat32|Cast|MoveAndCast|CastMoveAndDisposeAfter"),
        R("tensor creation", BG, @"ValidateRandThrowsOnWrongType|ValidateBug653|Validate852|Validate1116_1"),
        R("tensor creation", "TestTorchSharp.cs", "DefaultGenerators"),
        // --- shape ops
        R("shape ops", TT, @"Reshape|Permute|Tensor_T|SqueezeTest|UnsqueezeTest|ExpandTest|RepeatTest|Cat|StackCpu|SplitWithSizes?Test" +
                           @"|TensorChunkTest|UnbindTest|Dimensions|NumberofElements|StrideTest_1|RavelTest"),
        R("shape ops", BG, @"ValidateIssue399_[1-4]|Validate1402"),
        // --- indexing
        R("indexing", TT, @"GetSetItem\d|SetItemSlice|Index(Single|Ellipsis|Null|None|Slice\d|erAndImplicitConversion)" +
                          @"|Masked(Fill|Select)|WhereTest|NarrowTest|SliceTest"),
        R("indexing", BG, "Validate_1187"),
        // --- arithmetic
        R("arithmetic", TT, "SubInPlace|MaximumTest|MinimumTest|Copy"),
        R("arithmetic", PW, @"ArithmeticOperators\w+|ComparisonOperators\w+|LogicalOperatorsBool|Comparison|ClampTest\d" +
                            @"|(Abs|Sqrt|Sin|Cos|Tanh|Log|Pow|PowScalar|Reciprocal|Exp|Floor|Ceil|Round)Test"),
        R("arithmetic", BG, "ValidateAddInplace|Validate1073"),
        // --- reductions
        R("reductions", TT, @"Float32Mean|SumTest|SumFuncTest|ProdFuncTest|StdTest|VarMeanTest|Arg(Max|Min)Test|ArgMaxFuncTest|AMaxTest|TopKTest"),
        R("reductions", BG, "ValidateIssue353|Validate971"),
        // --- autograd
        R("autograd", TT, "SetGrad|AutoGradMode"),
        R("autograd", NN, @"TestBackward|TestGrad\d?|TestSetGrad|TestGradConditional"),
        R("autograd", "TestNNUtils.cs", @"TestAutoGradGrad|TestAutoGradBackward\d"),
        R("autograd", "TestTorchSharp.cs", "EnableInferenceMode"),
        R("autograd", BG, "Validate_1191_3"),
        // --- dispose scopes
        R("dispose scopes", "TestDisposeScopes.cs", @"\w+"),
        R("dispose scopes", "TestDisposeScopesStatisticsTensor.cs", @"\w+"),
        R("dispose scopes", "TestDisposeScopesStatisticsTensorUnscoped.cs", @"\w+"),
        R("dispose scopes", "TestDisposeScopesStatisticsToString.cs", @"\w+"),
        R("dispose scopes", "TestTorchSharp.cs", "ExplicitDisposal"),
        // --- nn layers (the 2-D ones a CNN uses, and Linear)
        R("nn layers", NN, @"CreateLinear|Test(?!Upsample)\w*Linear\w*|FunctionalLinear\w+|TestIdentity" +
                           @"|CreateRelu|Evaluate(Relu|LeakyRelu|ELU|GELU|Sigmoid|Tanh|Softmax|SiLU)" +
                           @"|TestConv2d\w*|AvgPool2D\w+|AdaptiveAvgPool2DTensorNN|MaxPool2DObjectInitialized|Test(Max|Avg)Pool2D_\d" +
                           @"|TestBatchNorm[12]D|TestBatchNorm2d(WeightAndBias|RunningStats)|TestMovingBatchNorm2D|TestBatchNormFunc" +
                           @"|TestLocalResponseNorm(Func)?|TestDropout(InPlace|2d|2dInPlace)?|TestFlatten|TestUnflatten"),
        R("nn layers", BG, @"ValidateIssue496|ValidateIssue500|Validate1089_2d"),
        // --- nn modules
        R("nn modules", NN, @"EvalSequence\d?|EvalEmptySequence|CreateSequence\d?|EvalLossSequence\d?|SequentialSlice\w*|CreateGenericSequence" +
                            @"|CreateInvalidGenericSequence\d|SliceGenericSequence\d|SequenceModulesAndChildren|TestCustom\w+|TestDerivedSequence\dGrad" +
                            @"|TestDatatypeTo\w*|TestDeviceTo|TestNonPersistentBuffer\d|TestModule(Pre|Post)Hooks\w*|TestGettingParameters"),
        R("nn modules", "TestNNUtils.cs", "HeterogeneousSequential"),
        R("nn modules", BG, @"ValidateIssue315_3|ValidateIssue510|Validate532|Validate912"),
        // --- init
        R("init", TT, @"CalculateGain|Init(Zeros|Ones|Constant|Uniform|Normal|KaimingUniform|KaimingNormal|XavierUniform|XavierNormal|Eye)"),
        // --- losses
        R("losses", NN, @"Test(CrossEntropyLoss|L1Loss|BinaryCrossEntropyLoss(WithLogits)?|SmoothL1Loss|HuberLoss)F?"),
        // --- optim (SGD, Adam, AdamW and the LR schedulers)
        R("optim", TR, @"TestTrainingEvalModes|Training1|TrainingWithDropout|Adam|AdamBetas|TrainingAdam(?!ax)\w*|TrainingSGD\w*|TrainingConv2d"),
        R("optim", BG, @"ValidateMultiStepLR|ValidatePolynomialLR|ValidateLinearLR|Validate1172_Clone"),
        // --- save/load
        R("save/load", TT, @"SaveLoadTensor\w+"),
        R("save/load", "TestLoadSave.cs", @"\w+"),
        R("save/load", "TestSaveSD.cs", "TestSaveSDData_LeNet1"),
        R("save/load", BG, @"Validate538|ValidateLoadWithDeflateStream"),
    ];

    /// <summary>The area of <paramref name="t"/>, or null when it is not selected.</summary>
    public static string? AreaOf(TestCase t) =>
        t.Skip != null || Excluded.IsMatch(t.Method) ? null
        : Rules.FirstOrDefault(r => r.File == t.File && r.Methods.IsMatch(t.Method))?.Area;
}

using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Course.Notebooks.LanguageSupport;

/// <summary>How symbols are written in inspect and completion replies.</summary>
internal static partial class SymbolText
{
    /// <summary>"void Console.WriteLine(string value)", "class List&lt;T&gt;", "double learningRate".</summary>
    static readonly SymbolDisplayFormat Format = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeVariance
            | SymbolDisplayGenericsOptions.IncludeTypeConstraints,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType
            | SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef
            | SymbolDisplayMemberOptions.IncludeExplicitInterface | SymbolDisplayMemberOptions.IncludeConstantValue,
        delegateStyle: SymbolDisplayDelegateStyle.NameAndSignature,
        extensionMethodStyle: SymbolDisplayExtensionMethodStyle.Default,
        parameterOptions: SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeType
            | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeDefaultValue
            | SymbolDisplayParameterOptions.IncludeExtensionThis,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        localOptions: SymbolDisplayLocalOptions.IncludeType | SymbolDisplayLocalOptions.IncludeConstantValue,
        kindOptions: SymbolDisplayKindOptions.IncludeNamespaceKeyword | SymbolDisplayKindOptions.IncludeTypeKeyword
            | SymbolDisplayKindOptions.IncludeMemberKeyword,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier | SymbolDisplayMiscellaneousOptions.AllowDefaultLiteral
            | SymbolDisplayMiscellaneousOptions.UseErrorTypeSymbolName);

    /// <summary>A special type is named by its own name ("struct Int32"), not its keyword.</summary>
    static readonly SymbolDisplayFormat TypeFormat = Format.RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>The readable signature of <paramref name="symbol"/>, without the submission classes cells are compiled into.</summary>
    public static string Signature(ISymbol symbol) => symbol switch
    {
        INamedTypeSymbol { SpecialType: not SpecialType.None } => Clean(symbol.ToDisplayString(TypeFormat)),
        IMethodSymbol { MethodKind: MethodKind.ReducedExtension } => "(extension) " + Clean(symbol.ToDisplayString(Format)),
        _ => Clean(symbol.ToDisplayString(Format)),
    };

    /// <summary>Drops the "Submission#3." qualifiers Roslyn writes for what earlier cells declared.</summary>
    public static string Clean(string text) => SubmissionQualifier().Replace(text, "");

    [GeneratedRegex(@"\bSubmission#\d+\.")]
    private static partial Regex SubmissionQualifier();
}

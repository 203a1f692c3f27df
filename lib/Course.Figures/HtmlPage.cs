namespace Course.Figures;

/// <summary>Wraps HTML fragments (charts, images, tables) into a standalone page.</summary>
public static class HtmlPage
{
    /// <summary>A complete HTML5 document with the given title and body fragments.</summary>
    public static string Document(string title, params string[] bodyFragments) =>
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + HtmlUtil.Escape(title) + "</title>\n</head>\n" +
        "<body style=\"font-family:sans-serif;\">\n" + string.Join("\n", bodyFragments) + "\n</body>\n</html>\n";
}

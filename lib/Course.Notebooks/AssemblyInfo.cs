using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Course.Notebooks.Tests")]

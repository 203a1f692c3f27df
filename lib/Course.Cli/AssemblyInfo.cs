using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Course.Tests")]

using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>All standards profiles of a run, e.g. every file in <c>standards/</c>.</summary>
public sealed class ProfileSet
{
    public ProfileSet(IEnumerable<StandardsProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        Profiles = profiles.ToList();
        var clauses = new Dictionary<string, Clause>(StringComparer.Ordinal);
        var ids = new Dictionary<string, StandardsProfile>(StringComparer.Ordinal);
        foreach (var profile in Profiles)
        {
            if (ids.TryGetValue(profile.Id, out var earlier))
            {
                throw new UserInputException(profile.File, null, $"profile id '{profile.Id}' is also used by {earlier.File}; expected each profile id once");
            }

            ids.Add(profile.Id, profile);
            foreach (var clause in profile.Clauses)
            {
                if (clauses.TryGetValue(clause.Id, out var other))
                {
                    throw new UserInputException(clause.File, clause.Line, $"clause id '{clause.Id}' is also defined in {other.File}:{other.Line}; expected clause ids to be unique");
                }

                clauses.Add(clause.Id, clause);
            }
        }

        Clauses = clauses;
    }

    public IReadOnlyList<StandardsProfile> Profiles { get; }

    /// <summary>Every clause of every profile by id.</summary>
    public IReadOnlyDictionary<string, Clause> Clauses { get; }

    /// <summary>The clause with this id, from whichever profile defines it.</summary>
    /// <exception cref="KeyNotFoundException">No profile defines it.</exception>
    public Clause Clause(string id) =>
        Clauses.TryGetValue(id, out var clause)
            ? clause
            : throw new KeyNotFoundException($"no loaded profile has a clause '{id}' (profiles: {string.Join(", ", Profiles)})");

    /// <summary>Every grade any profile declares, in first-seen order: what <c>--grade</c> accepts.</summary>
    public IReadOnlyList<string> KnownGrades => Profiles.SelectMany(p => p.Grades).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The same profiles judged at <paramref name="grade"/>: every profile that declares grades must
    /// declare this one (a clause silently judged at another grade would misreport the run).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No profile, or not every profile with grades, declares it; the message lists the known grades.</exception>
    public ProfileSet ForGrade(string grade)
    {
        ArgumentNullException.ThrowIfNull(grade);
        var known = KnownGrades;
        var lacking = Profiles.Where(p => p.Grades.Count > 0 && !p.Grades.Contains(grade, StringComparer.Ordinal)).Select(p => p.Id).ToList();
        if (!known.Contains(grade, StringComparer.Ordinal) || lacking.Count > 0)
        {
            throw new KeyNotFoundException(known.Count == 0
                ? $"unknown grade '{grade}': no loaded profile declares grades"
                : $"unknown grade '{grade}'{(lacking.Count > 0 && known.Contains(grade, StringComparer.Ordinal) ? $" for profile {string.Join(", ", lacking)}" : "")}; known grades: {string.Join(", ", known)}");
        }

        return new ProfileSet(Profiles.Select(p => p.ForGrade(grade)));
    }

    /// <summary>Loads every <c>*.yaml</c> and <c>*.yml</c> file of a folder (not recursive), in ordinal name order.</summary>
    public static ProfileSet LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new UserInputException(directory, null, "expected a folder of standards profiles; nothing is there");
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return new ProfileSet(files.Select(StandardsProfile.Load));
    }
}

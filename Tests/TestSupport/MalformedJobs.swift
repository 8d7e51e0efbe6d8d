/// Job files that must be rejected, each with the line and the words its error must contain.
public struct MalformedJob: Sendable, CustomStringConvertible {
    public let kind: String
    public let text: String
    public let line: Int?
    public let mustMention: [String]
    public var description: String { kind }
}

public enum MalformedJobs {
    static let header = """
        [scan]
        name = "bad"
        model = "lz.two-level"

        """

    static let bcsHeader = """
        [scan]
        name = "bad"
        model = "bcs.quantum"

        """

    public static let all: [MalformedJob] = [
        MalformedJob(kind: "TOML syntax: unclosed array", text: header + "[axes]\nv = [0.1, 0.2\n", line: 6,
                     mustMention: ["TOML syntax", "array"]),
        MalformedJob(kind: "TOML syntax: bare word value", text: header + "[fixed]\ndelta = one\n", line: 5,
                     mustMention: ["TOML syntax", "one", "strings need quotes"]),
        MalformedJob(kind: "date in a job file", text: header + "[fixed]\ndelta = 1979-05-27\n", line: 5,
                     mustMention: ["[fixed] delta", "dates and times are not used", "local date 1979-05-27"]),
        MalformedJob(kind: "time inside an axis generator", text: header + "[axes]\nv = { linspace = [07:32:00, 2], count = 3 }\n", line: 5,
                     mustMention: ["[axes] v.linspace", "dates and times are not used", "local time 07:32:00"]),
        MalformedJob(kind: "array of tables for a section", text: header + "[[fixed]]\ndelta = 1\n", line: 4,
                     mustMention: ["[[fixed]]", "arrays of tables", "[fixed]"]),
        MalformedJob(kind: "duplicate key", text: header + "[fixed]\ndelta = 1\ndelta = 2\n", line: 6,
                     mustMention: ["delta", "twice"]),
        MalformedJob(kind: "missing [scan] section", text: "[axes]\nv = [1]\n", line: nil,
                     mustMention: ["[scan]", "missing"]),
        MalformedJob(kind: "missing model", text: "[scan]\nname = \"x\"\n", line: 1,
                     mustMention: ["[scan] model", "missing"]),
        MalformedJob(kind: "unknown model with suggestion", text: "[scan]\nmodel = \"lz.two-levl\"\n", line: 2,
                     mustMention: ["[scan] model", "lz.two-levl", "did you mean 'lz.two-level'"]),
        MalformedJob(kind: "unknown section", text: header + "[axis]\nv = [1]\n", line: 4,
                     mustMention: ["[axis]", "unknown section", "did you mean 'axes'"]),
        MalformedJob(kind: "unknown key in [scan]", text: header + "outptu = \"x\"\n", line: 4,
                     mustMention: ["[scan] outptu", "did you mean 'output'"]),
        MalformedJob(kind: "unknown parameter", text: header + "[fixed]\nDelta = 1\n", line: 5,
                     mustMention: ["[fixed] Delta", "no parameter", "did you mean 'delta'"]),
        MalformedJob(kind: "wrong type", text: header + "[fixed]\ndelta = \"large\"\n", line: 5,
                     mustMention: ["[fixed] delta", "wrong type", "\"large\"", "real number"]),
        MalformedJob(kind: "out of range", text: header + "[axes]\nv = [1.0, -2.0]\n", line: 5,
                     mustMention: ["[axes] v", "-2.0", "out of range", "0.0 < v"]),
        MalformedJob(kind: "scalar axis", text: header + "[axes]\nv = 3\n", line: 5,
                     mustMention: ["[axes] v", "list of values", "[fixed]"]),
        MalformedJob(kind: "empty axis", text: header + "[axes]\nv = []\n", line: 5,
                     mustMention: ["[axes] v", "at least one value"]),
        MalformedJob(kind: "logspace without count", text: header + "[axes]\nv = { logspace = [-1, 1] }\n", line: 5,
                     mustMention: ["[axes] v", "count"]),
        MalformedJob(kind: "bad count", text: header + "[axes]\nv = { linspace = [1, 2], count = 0 }\n", line: 5,
                     mustMention: ["[axes] v", "count = 0", "integer from 1"]),
        MalformedJob(kind: "generator range out of domain", text: header + "[axes]\nv = { linspace = [-1, 1], count = 3 }\n", line: 5,
                     mustMention: ["[axes] v", "out of range"]),
        MalformedJob(kind: "parameter both axis and fixed", text: header + "[axes]\nv = [1, 2]\n[fixed]\nv = 3\n", line: 7,
                     mustMention: ["[fixed] v", "already an axis"]),
        MalformedJob(kind: "unknown integrator method", text: header + "[integrator]\nmethod = \"rk45\"\n", line: 5,
                     mustMention: ["[integrator] method", "rk45", "did you mean 'rk4'", "allowed: auto, magnus4, rk4"]),
        MalformedJob(kind: "bad tolerance", text: header + "[integrator]\ntolerance = 0\n", line: 5,
                     mustMention: ["[integrator] tolerance", "0", "1e-15"]),
        MalformedJob(kind: "invalid scan name", text: "[scan]\nname = \"a/b\"\nmodel = \"lz.two-level\"\n", line: 2,
                     mustMention: ["[scan] name", "a/b", "letters, digits"]),
        MalformedJob(kind: "series from a model that records none", text: header + "[record]\nseries = [\"S_ent\"]\n", line: 5,
                     mustMention: ["[record] series", "S_ent", "lz.two-level records no series"]),
        MalformedJob(kind: "unknown series with suggestion", text: bcsHeader + "[record]\nseries = [\"S_entt\"]\n", line: 5,
                     mustMention: ["[record] series", "S_entt", "did you mean 'S_ent'"]),
        MalformedJob(kind: "series not a list", text: bcsHeader + "[record]\nseries = \"S_ent\"\n", line: 5,
                     mustMention: ["[record] series", "list of names", "\"S_ent\""]),
        MalformedJob(kind: "bad samples", text: bcsHeader + "[record]\nseries = [\"S_ent\"]\nsamples = 1\n", line: 6,
                     mustMention: ["[record] samples", "1", "integer from 2"]),
        MalformedJob(kind: "unknown key in [record]", text: bcsHeader + "[record]\nsample = 10\n", line: 5,
                     mustMention: ["[record] sample", "did you mean 'samples'"]),
        MalformedJob(kind: "list parameter with a word in it", text: bcsHeader + "[fixed]\nlevels = [0.1, \"x\"]\n", line: 5,
                     mustMention: ["[fixed] levels", "wrong type", "list of 2 to 4096 finite real numbers"]),
        MalformedJob(kind: "too many points", text: header + "[axes]\nv = { logspace = [-1, 1], count = 20000 }\ndelta = { linspace = [0, 1], count = 20000 }\n", line: nil,
                     mustMention: ["[axes]", "400000000 points", "at most"]),
    ]
}

/// The tables of a document, or of one inline table, while it is read, with TOML's rules on
/// defining them: a table is defined once, by its `[header]` or by dotted keys; a table first made
/// as the parent in a longer header may get its own header later; dotted keys extend only tables
/// they made; `[[name]]` appends to an array of tables; inline tables and arrays are values and
/// are never extended.
struct TOMLTableBuilder {
    private let root: Table
    /// Where key/value pairs go: the table of the last header, and its path (for messages).
    private var current: Table
    private var currentPath: [String] = []

    /// `line`: the line of an inline table's `{`, or 0 for a document.
    init(line: Int = 0) {
        root = Table(origin: .header, line: line)
        current = root
    }

    /// The finished tables, keys in file order.
    func finish() -> TOMLTable { root.tomlTable }

    /// `[path]`: defines the table and makes it current.
    mutating func defineTable(at path: [String], _ mark: TOMLMark) throws(TOMLSyntaxError) {
        let parent = try headerParent(of: path, mark), key = path[path.count - 1], name = "[\(Self.display(path))]"
        switch parent[key] {
        case nil:
            current = parent.add(key, line: mark.line, Table(origin: .header, line: mark.line))
        case .table(let table) where table.origin == .implicit:
            table.origin = .header
            table.line = mark.line
            current = table
        case .table(let table) where table.origin == .header:
            throw mark.error("table \(name) is defined twice (first on line \(table.line))")
        case .table(let table):
            throw mark.error("table \(name) was made by dotted keys on line \(table.line); it cannot also have a header")
        case .tables(let array):
            throw mark.error("\(name) is an array of tables (line \(array.line)); it cannot also be a table")
        case .value(let node):
            throw mark.error(Self.notATable(path[...], node))
        }
        currentPath = path
    }

    /// `[[path]]`: appends a table to the array of tables at `path` (made if missing) and makes it current.
    mutating func appendTable(at path: [String], _ mark: TOMLMark) throws(TOMLSyntaxError) {
        let parent = try headerParent(of: path, mark), key = path[path.count - 1], name = Self.display(path)
        let element = Table(origin: .header, line: mark.line)
        switch parent[key] {
        case nil:
            parent.add(key, line: mark.line, .tables(TableArray(line: mark.line, elements: [element])))
        case .tables(let array):
            array.elements.append(element)
        case .table(let table):
            throw mark.error("[[\(name)]] cannot append to [\(name)], a table (line \(table.line))")
        case .value(let node):
            throw mark.error(Self.notATable(path[...], node) + "; [[...]] appends only to arrays of tables")
        }
        current = element
        currentPath = path
    }

    /// `path = node` in the current table; the tables on a dotted path are made as needed.
    func assign(_ node: TOMLNode, to path: [String], _ mark: TOMLMark) throws(TOMLSyntaxError) {
        var table = current
        let fullPath = currentPath + path
        for depth in 0..<path.count - 1 {
            let prefix = fullPath[...(currentPath.count + depth)]
            switch table[path[depth]] {
            case nil:
                table = table.add(path[depth], line: mark.line, Table(origin: .dotted, line: mark.line))
            case .table(let child) where child.origin == .dotted:
                table = child
            case .table(let child) where child.origin == .implicit:
                child.origin = .dotted
                child.line = mark.line
                table = child
            case .table(let child):
                throw mark.error("table [\(Self.display(prefix))] has its header on line \(child.line); dotted keys cannot add to it")
            case .tables(let array):
                throw mark.error("'\(Self.display(prefix))' is an array of tables (line \(array.line)); dotted keys cannot add to it")
            case .value(let node):
                throw mark.error(Self.notATable(prefix, node))
            }
        }
        let key = path[path.count - 1]
        if let existing = table[key] {
            throw mark.error("key '\(Self.display(fullPath))' is defined twice (first on line \(existing.line))")
        }
        table.add(key, line: mark.line, .value(node))
    }

    /// The table that holds the last key of a header's path: tables missing on the way are made
    /// (a header may define them later); an array of tables leads to its last element.
    private func headerParent(of path: [String], _ mark: TOMLMark) throws(TOMLSyntaxError) -> Table {
        var table = root
        for depth in 0..<path.count - 1 {
            switch table[path[depth]] {
            case nil: table = table.add(path[depth], line: mark.line, Table(origin: .implicit, line: mark.line))
            case .table(let child): table = child
            case .tables(let array): table = array.elements[array.elements.count - 1]
            case .value(let node): throw mark.error(Self.notATable(path[...depth], node))
            }
        }
        return table
    }

    private static func notATable(_ path: ArraySlice<String>, _ node: TOMLNode) -> String {
        if case .table = node.value {
            return "'\(display(path))' is an inline table (line \(node.line)); inline tables cannot be extended"
        }
        return "'\(display(path))' is already \(node.typeName) \(node.text) (line \(node.line)), not a table"
    }

    /// A key path as TOML writes it: parts that are not bare keys in quotes, joined by dots.
    static func display(_ path: some Collection<String>) -> String {
        path.map { part in
            let bare = !part.isEmpty && part.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            }
            return bare ? part : "\"\(part)\""
        }.joined(separator: ".")
    }
}

/// A table while it is read.
private final class Table {
    /// How the table came to be: as the parent in a longer header (not yet defined), by its own
    /// header (or `[[…]]`), or by dotted keys.
    enum Origin { case implicit, header, dotted }

    enum Slot {
        case value(TOMLNode)
        case table(Table)
        case tables(TableArray)

        var line: Int {
            switch self {
            case .value(let node): node.line
            case .table(let table): table.line
            case .tables(let array): array.line
            }
        }

        var node: TOMLNode {
            switch self {
            case .value(let node): node
            case .table(let table): TOMLNode(value: .table(table.tomlTable), line: table.line)
            case .tables(let array):
                TOMLNode(value: .array(array.elements.map { TOMLNode(value: .table($0.tomlTable), line: $0.line) }), line: array.line)
            }
        }
    }

    var origin: Origin
    var line: Int
    private var entries: [(key: String, keyLine: Int, slot: Slot)] = []
    /// Entry positions by the key's UTF-8 bytes: TOML keys are equal when their code points are,
    /// not when they are merely canonically equivalent as Swift strings compare them.
    private var index: [[UInt8]: Int] = [:]

    init(origin: Origin, line: Int) {
        self.origin = origin
        self.line = line
    }

    subscript(key: String) -> Slot? { index[Array(key.utf8)].map { entries[$0].slot } }

    func add(_ key: String, line: Int, _ slot: Slot) {
        index[Array(key.utf8)] = entries.count
        entries.append((key, line, slot))
    }

    /// Adds `child` under `key` and returns it.
    func add(_ key: String, line: Int, _ child: Table) -> Table {
        add(key, line: line, .table(child))
        return child
    }

    var tomlTable: TOMLTable {
        var table = TOMLTable(line: line)
        table.entries = entries.map { TOMLTable.Entry(key: $0.key, keyLine: $0.keyLine, node: $0.slot.node) }
        return table
    }
}

/// An array of tables (`[[name]]`) while it is read; never empty.
private final class TableArray {
    let line: Int
    var elements: [Table]

    init(line: Int, elements: [Table]) {
        self.line = line
        self.elements = elements
    }
}

// toml-decode (test only): reads TOML on standard input and writes toml-test's tagged JSON on
// standard output; for invalid TOML it writes "toml-decode: line L, column C: message" on standard
// error and exits 1.
import Engine
import Foundation

let input = FileHandle.standardInput.readDataToEndOfFile()
do {
    let table = try TOMLParser.parse(utf8: Array(input))
    print(TaggedJSON.object(table))
} catch {
    FileHandle.standardError.write(Data("toml-decode: line \(error.line), column \(error.column): \(error.message)\n".utf8))
    exit(1)
}

import CMPI

/// An MPI call that returned something other than `MPI_SUCCESS`, with MPI's own description.
package struct MPIError: Error, CustomStringConvertible {
    package let code: Int32
    package let call: String

    /// `code` is an MPI error code, or negative for a protocol error found by Quench itself.
    package init(code: Int32, call: String) {
        self.code = code
        self.call = call
    }

    package var description: String {
        guard code >= 0 else { return "\(call) failed" }
        var buffer = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &buffer, &length)
        let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(call) failed: \(text) (MPI error \(code))"
    }
}

@inline(__always)
func check(_ code: Int32, _ call: @autoclosure () -> String) throws(MPIError) {
    if code != MPI_SUCCESS { throw MPIError(code: code, call: call()) }
}

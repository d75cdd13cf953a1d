/// A command that cannot go on — an import, the pipeline it starts, a benchmark — with what to fix.
package struct IngestError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

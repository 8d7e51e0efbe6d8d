import ArgumentParser
import Engine

extension Quench {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write results.csv and manifest.json from a scan's journal, slice files included; computes nothing.",
            discussion: """
                The last step of a job array (`quench submit --shape array`): every array task runs \
                `quench run JOB --slice i/K` into its own journal file, then this merges them. Exit 0 when \
                every point is there; 6 when points are missing (nothing written; submit again with \
                --resume, or finish here with `quench run JOB --resume`); 1 bad job file; 2 no scan.
                """)

        @OptionGroup var jobFile: JobFileArgument

        @OptionGroup var outputFolder: OutputFolderOption

        func run() throws {
            do {
                print(try ScanRunner.merge(jobPath: jobFile.job, output: outputFolder.output).text)
            } catch {
                reportFailure(error)
                throw ExitCode(error.exitCode)
            }
        }
    }
}

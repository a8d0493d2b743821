#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import CVMatchCore

/// Files written for other processes to read (nginx's web root): whole files replaced atomically.
public enum SystemFiles {
    /// Whether `path` is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether anything exists at `path` (readable or not).
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// Whether `path` is a regular file this process can read.
    public static func isReadableFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && access(path, R_OK) == 0
    }

    /// Writes `bytes` under a temporary name with `mode`, then renames it over `path`, so a reader
    /// sees the old file or the new one, never a part. Returns an error sentence on failure.
    public static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = 0o644) -> String? {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            return "cannot write \(temporary)"
        }
        guard chmod(temporary, mode) == 0, rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            return "cannot move \(temporary) to \(path): \(why)"
        }
        return nil
    }

    /// The files of `directory` (sorted by name), each file once even when it is linked under
    /// several names; empty when the directory cannot be read.
    public static func distinctRegularFiles(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var seen = Set<String>()
        return names.sorted().compactMap { name in
            let path = directory + "/" + name
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, let real = realpath(path, nil) else { return nil }
            defer { free(real) }
            return seen.insert(String(cString: real)).inserted ? path : nil
        }
    }
}

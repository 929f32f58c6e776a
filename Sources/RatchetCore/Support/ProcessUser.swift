import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who runs this process, as histories and lock owners record it.
public enum ProcessUser {
    /// `USER`, then `LOGNAME`, then the password database's name for the real uid (CI
    /// containers often set neither variable), then `uid N`.
    public static var name: String {
        let environment = ProcessInfo.processInfo.environment
        if let user = environment["USER"], !user.isEmpty { return user }
        if let user = environment["LOGNAME"], !user.isEmpty { return user }
        let uid = getuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(uid)"
    }
}

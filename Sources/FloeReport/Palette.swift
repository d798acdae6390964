#if canImport(Glibc)
import Glibc
#endif

/// The colours of statuses and marks, one palette for the terminal and the page: every
/// status its own colour (at least 20 apart in CIELAB from every other), each one that is
/// not a resting status at least 3:1 against the white page (WCAG's contrast for graphics),
/// the resting ones (READY, FINISHED, CANCELED, ROLLED_BACK) light and quiet.
/// `PaletteTests` checks both. A terminal with 256 colours shows the nearest of its colours;
/// one with eight shows the status's family.
public enum Palette {
    static let status: [String: UInt32] = [
        "RUNNING": 0x2CA02C,
        "READY": 0xC0C0C0,
        "STARTING": 0x1F77B4,
        "UPDATING": 0xE8710A,
        "AUTOSCALING": 0x9467BD,
        "MAINTENANCE": 0x8C564B,
        "ROLLING_BACK": 0xD6399F,
        "ROLLED_BACK": 0xF2A5D3,
        "STOPPING": 0x5B6B8C,
        "FORCE_STOPPING": 0xE8402A,
        "DELETING": 0x4D4D4D,
        "INITIALIZING": 0x108A9C,
        "CREATED": 0x6F7FE8,
        "RECONCILING": 0x3B3FA8,
        "RESTARTING": 0xB38600,
        "FAILING": 0xE0607E,
        "FAILED": 0xA50F15,
        "CANCELLING": 0x7A7A33,
        "CANCELED": 0xF0C2A8,
        "FINISHED": 0xB5DBB5,
        "SUSPENDED": 0x6E8A00,
    ]
    /// Statuses that rest: drawn light, so that what happens stands out.
    static let resting: Set<String> = ["READY", "FINISHED", "CANCELED", "ROLLED_BACK", "DELETED"]
    static let unknown: UInt32 = 0x777777

    /// A mark's colour: that of the status it is about.
    static func mark(_ kind: Timeline.MarkKind) -> UInt32 {
        switch kind {
        case .restart: status["RESTARTING"]!
        case .failure: status["FAILED"]!
        case .maintenance: status["MAINTENANCE"]!
        case .scaling: status["AUTOSCALING"]!
        case .update: status["UPDATING"]!
        case .rollback: status["ROLLING_BACK"]!
        case .snapshot: 0x333333
        case .policy: status["FORCE_STOPPING"]!
        }
    }

    static func hex(_ rgb: UInt32) -> String {
        let digits = String(rgb, radix: 16)
        return "#" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    static func hex(of status: String) -> String { hex(Palette.status[status] ?? unknown) }

    // MARK: the terminal

    /// The ANSI colour of `status`'s symbol: the nearest of the 256 colours where the
    /// terminal has them, else the eight colours' green, yellow, red or dim by family.
    static func ansi(of status: String, colours256: Bool) -> String {
        if colours256 { return "38;5;\(xterm256(Palette.status[status] ?? unknown))" }
        switch status {
        case "RUNNING": return "32"
        case "FAILED", "FAILING", "FORCE_STOPPING": return "31"
        case _ where resting.contains(status): return "2"
        default: return "33"
        }
    }

    /// The index of the xterm colour nearest `rgb`: of the 6×6×6 cube (16–231) and the grey
    /// ramp (232–255), by CIELAB distance.
    static func xterm256(_ rgb: UInt32) -> Int {
        let target = lab(rgb)
        let levels: [UInt32] = [0, 95, 135, 175, 215, 255]
        var best = (index: 16, distance: Double.infinity)
        func consider(_ index: Int, _ candidate: UInt32) {
            let d = distance(lab(candidate), target)
            if d < best.distance { best = (index, d) }
        }
        for r in 0..<6 { for g in 0..<6 { for b in 0..<6 {
            consider(16 + 36 * r + 6 * g + b, levels[r] << 16 | levels[g] << 8 | levels[b])
        } } }
        for i in 0..<24 {
            let v = UInt32(8 + 10 * i)
            consider(232 + i, v << 16 | v << 8 | v)
        }
        return best.index
    }

    // MARK: measures

    /// WCAG 2's contrast ratio of two colours (1 to 21).
    static func contrast(_ a: UInt32, _ b: UInt32) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// CIE76 ΔE between two colours in CIELAB.
    static func distance(_ a: UInt32, _ b: UInt32) -> Double { distance(lab(a), lab(b)) }

    private static func distance(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
        ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)).squareRoot()
    }

    private static func linear(_ rgb: UInt32) -> (Double, Double, Double) {
        func channel(_ shift: UInt32) -> Double {
            let c = Double((rgb >> shift) & 0xFF) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return (channel(16), channel(8), channel(0))
    }

    private static func luminance(_ rgb: UInt32) -> Double {
        let (r, g, b) = linear(rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    private static func lab(_ rgb: UInt32) -> (Double, Double, Double) {
        let (r, g, b) = linear(rgb)
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? pow(t, 1.0 / 3) : 7.787 * t + 16.0 / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }
}

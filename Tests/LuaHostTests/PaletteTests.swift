@testable import FloeReport
@testable import LuaHost
import Lifecycle
import JobRuntime
import Testing

/// The statuses' colours: one for each status there is, each far from every other, and
/// each one that is not resting readable against the white page.
@Suite struct PaletteTests {
    @Test func everyStatusHasAColourOfItsOwn() {
        let statuses = Set(ApplicationStatus.allCases.map(\.rawValue) + JobStatus.allCases.map(\.rawValue))
        for status in statuses { #expect(Palette.status[status] != nil, "\(status)") }
        let named = Palette.status.keys.sorted()
        for (i, a) in named.enumerated() {
            for b in named[(i + 1)...] {
                #expect(Palette.distance(Palette.status[a]!, Palette.status[b]!) >= 20, "\(a) and \(b) look alike")
            }
        }
    }

    @Test func theStatusesThatHappenStandOutOfThePage() {
        for (status, rgb) in Palette.status {
            let contrast = Palette.contrast(rgb, 0xFFFFFF)
            if Palette.resting.contains(status) {
                #expect(contrast >= 1.3, "\(status): \(contrast)")
            } else {
                #expect(contrast >= 3, "\(status): \(contrast) against white")
            }
        }
    }

    @Test func theNearestOfTheTerminalsColours() {
        #expect(Palette.xterm256(0xFF0000) == 196)
        #expect(Palette.xterm256(0x00FF00) == 46)
        #expect(Palette.xterm256(0x808080) == 244)
    }
}

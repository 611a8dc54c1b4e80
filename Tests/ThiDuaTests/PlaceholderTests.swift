import Testing
import VaporTesting
@testable import ThiDua
@Test func placeholder() { #expect(true) }

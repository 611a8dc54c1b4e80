import Plot
import Testing
@testable import ThiDua

@Suite("HTML escaping")
struct HTMLEscapeTests {
    @Test("markup and quotes are escaped, everything else is kept byte for byte")
    func escapes() {
        #expect(HTMLEscape.text("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert('x') &amp; \"y\"&lt;/script&gt;")
        #expect(HTMLEscape.attribute("\" onfocus='x' <b>&") == "&quot; onfocus=&#39;x&#39; &lt;b&gt;&amp;")
        let nfd = "Nghi\u{0303}a Trung", nfc = "Nghĩa Trung 👩‍🌾"
        #expect(Array(HTMLEscape.text(nfd).utf8) == Array(nfd.utf8))
        #expect(HTMLEscape.attribute(nfc) == nfc)
        #expect(HTMLEscape.text("") == "")
    }

    @Test("an ampersand or bracket followed by a combining mark is still escaped")
    func combiningMarks() {
        #expect(HTMLEscape.text("&\u{0301}amp;") == "&amp;\u{0301}amp;")
        #expect(HTMLEscape.attribute("<\u{0300}img src=x onerror=alert(1)>") == "&lt;\u{0300}img src=x onerror=alert(1)&gt;")
        #expect(HTMLEscape.attribute("\"\u{0323}") == "&quot;\u{0323}")
    }
}

@Suite("Text nodes")
struct TextNodeTests {
    @Test("a view's .text goes through HTMLEscape: entity-like text is shown as typed")
    func textNodes() {
        let node: Node<HTML.BodyContext> = .p(.text("&amp; <b>Đ&#39;</b>"))
        #expect(HTML(.body(node)).render().contains("<p>&amp;amp; &lt;b&gt;Đ&amp;#39;&lt;/b&gt;</p>"))
    }
}

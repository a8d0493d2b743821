import FoundationEssentials
import Testing
@testable import CVMatchAdmin
@testable import CVMatchCore

/// The shipped cue file (`config/role-cues.json`), so these tests check the data as well as the code.
let shippedCues: RoleCues = {
    let path = String(#filePath.dropLast("Tests/CVMatchAdminTests/RoleSpanTests.swift".count)) + "config/role-cues.json"
    let data = FileManager.default.contents(atPath: path).map(Array.init) ?? []
    return (try? RoleCues(data: data, path: path)) ?? .none
}()

@Suite struct RoleSpanExtractorTests {
    let extractor = RoleSpanExtractor(cues: shippedCues)

    /// The spans found from cues (the whole-text fallback left out).
    func cued(_ text: String) -> [String] {
        extractor.spans(in: text).filter { $0.source != .wholeText }.map(\.text)
    }

    @Test func theShippedCueFileLoads() {
        #expect(shippedCues != .none)
        #expect(shippedCues.openers.contains("we're hiring"))
    }

    @Test func englishOpenersStopAtThePurposeAndKeepTheQualifier() {
        #expect(cued("Hey Sam, our robotics company is hiring a Staff Golang Engineer, Fleet Services to own telemetry.")
                == ["staff golang engineer, fleet services"])
        #expect(cued("Good evening! I’m looking for an experienced Product Owner (insurance) who enjoys discovery.")
                == ["product owner (insurance)"])
    }

    @Test func passingMentionsAreNotSpans() {
        // The designer is being hired; the backend team is only mentioned.
        #expect(cued("Hi, we need a motion designer for our games studio. You will sit with our backend developers.")
                == ["motion designer"])
    }

    @Test func labelsAndRoleWordsAreCues() {
        let spans = extractor.spans(in: "Hello Kim. Role: Senior Kotlin Developer. Also, is a mentoring position something you'd enjoy?")
        #expect(spans.first == RoleSpan(source: .label, text: "senior kotlin developer"))
        #expect(spans.contains(RoleSpan(source: .suffix, text: "mentoring")))
        #expect(cued("Hi! Fancy a Lead Scala Developer role in Oslo?") == ["lead scala developer"])
    }

    @Test func theTitleLineOfAnAdComesFirst() {
        let ad = """
        🌱 Platform Product Manager · Verdant Ltd · Leeds
        About us
        We grow vegetables indoors. We're hiring a product manager to run our grower app.
        You will work with our Elixir backend engineers.
        """
        let spans = extractor.spans(in: ad)
        #expect(spans.first == RoleSpan(source: .titleLine, text: "platform product manager"))
        #expect(spans.contains(RoleSpan(source: .opener, text: "product manager")))
        #expect(!spans.contains { $0.source == .wholeText })   // cue spans only: nothing long is embedded
        #expect(spans.count <= RoleSpanExtractor.maximumSpans)
    }

    @Test func aGreetingLineIsNoTitle() {
        let spans = extractor.spans(in: "Hi Ola,\nwe are looking for a Ruby developer.\nBest, Kim")
        #expect(spans.first == RoleSpan(source: .opener, text: "ruby developer"))
    }

    @Test func germanOpenersSkipAPrepositionalPhrase() {
        #expect(cued("Guten Morgen, wir suchen einen Java-Entwickler (m/w/d) für unser Team in Kiel.") == ["java-entwickler (m/w/d)"])
        #expect(cued("Für einen Mittelständler in Bremen suchen wir eine Produktmanagerin für das Kundenportal.")
                == ["produktmanagerin"])
        #expect(cued("Wir suchen für ein Logistikunternehmen in Ulm einen Go-Entwickler.").contains("go-entwickler"))
    }

    @Test func frenchSpanishItalianAndPortugueseOpeners() {
        #expect(cued("Bonsoir, nous recrutons un(e) ingénieur backend Go pour une scale-up à Lille.") == ["ingénieur backend go"])
        #expect(cued("Buenas tardes, buscamos una Product Owner con experiencia en seguros.") == ["product owner"])
        #expect(cued("Salve, cerchiamo uno sviluppatore Java per una banca a Bologna.") == ["sviluppatore java"])
        #expect(cued("Oi! Procuramos um(a) desenvolvedor(a) Python para uma fintech no Recife.") == ["desenvolvedor(a) python"])
    }

    @Test func polishDutchAndRussianOpeners() {
        #expect(cued("Cześć, szukamy Senior Python Developera do zespołu danych w Gdyni.") == ["senior python developera"])
        #expect(cued("Goedemiddag, wij zoeken een Product Owner voor ons betaalplatform.") == ["product owner"])
        #expect(cued("Добрый вечер! Ищем Python-разработчика в команду логистики.") == ["python-разработчика"])
    }

    @Test func aTextWithoutCuesIsMatchedWhole() {
        #expect(extractor.spans(in: "Staff Kotlin developer") == [RoleSpan(source: .wholeText, text: "staff kotlin developer")])
        #expect(RoleSpanExtractor(cues: .none).spans(in: "we're hiring a chef") == [RoleSpan(source: .wholeText, text: "we're hiring a chef")])
    }

    @Test func aLongTextKeepsOnlyTheBeginningAsWholeText() {
        let long = String(repeating: "lorem ipsum dolor ", count: 400)
        let whole = extractor.spans(in: long).last!
        #expect(whole.source == .wholeText && whole.text.count <= RoleSpanExtractor.wholeTextCharacters)
    }
}

@Suite struct TitleQualifierTests {
    let rule = TitleQualifier(cues: shippedCues)

    @Test func aSpecificHeadDropsItsQualifier() {
        #expect(rule.rewrite("backend engineer, fraud detection") == "backend engineer")
        #expect(rule.rewrite("test lead – payment services") == "test lead")
        #expect(rule.rewrite("agile coach (platform team)") == "agile coach")
        #expect(rule.rewrite("product lead, insights") == "product lead")
    }

    @Test func aGenericHeadTakesItsQualifierAsTheDiscipline() {
        #expect(rule.rewrite("senior software engineer, computer vision") == "computer vision senior software engineer")
        #expect(rule.rewrite("software developer (frontend)") == "frontend software developer")
        #expect(rule.rewrite("software engineer in test") == "test software engineer")
        #expect(rule.rewrite("software engineer ii, ledger") == "ledger software engineer ii")
    }

    @Test func aTitleWithoutQualifierOrTooLongIsUnchanged() {
        #expect(rule.rewrite("staff kotlin developer") == "staff kotlin developer")
        #expect(rule.rewrite("sr. prod. mgr") == "sr. prod. mgr")
        let sentence = "we are a friendly team of thirteen people who enjoy building things, mostly in go"
        #expect(rule.rewrite(sentence) == sentence)
    }
}

@Suite struct RoleSpanChooserTests {
    let decider = Decider(parameters: DecisionParameters(
        model: "m", k: 6, perLabel: 2,
        positions: [.init(id: "backend", threshold: 0.8, typicalScore: 0.9, exampleCount: 10),
                    .init(id: "pm", threshold: 0.8, typicalScore: 0.9, exampleCount: 10)],
        floor: 0.5, spread: 0.3, ambiguityMargin: 0.01, counterExampleCount: 10))

    func neighbours(_ label: String, _ similarity: Float) -> [Neighbour] {
        [Neighbour(label: label, similarity: similarity), Neighbour(label: label, similarity: similarity - 0.01),
         Neighbour(label: "none", similarity: 0.3)]
    }

    @Test func aStrongerSourceOutweighsAPassingMention() {
        let chosen = RoleSpanChooser.choose([
            .init(span: RoleSpan(source: .suffix, text: "backend"), neighbours: neighbours("backend", 0.97)),
            .init(span: RoleSpan(source: .opener, text: "product manager"), neighbours: neighbours("pm", 0.9)),
        ], decider: decider)
        #expect(chosen?.index == 1 && chosen?.decision.positionID == "pm")
    }

    @Test func aSpanUnlikeAnyRoleGivesWayToTheNext() {
        let far = [Neighbour(label: "backend", similarity: 0.55), Neighbour(label: "none", similarity: 0.54)]
        let chosen = RoleSpanChooser.choose([
            .init(span: RoleSpan(source: .opener, text: "berlin company"), neighbours: far),
            .init(span: RoleSpan(source: .suffix, text: "kotlin engineer"), neighbours: neighbours("backend", 0.95)),
        ], decider: decider)
        #expect(chosen?.index == 1 && chosen?.decision.positionID == "backend")
    }

    @Test func withinASourceTheMostTitleLikeSpanGoesFirst() {
        let chosen = RoleSpanChooser.choose([
            .init(span: RoleSpan(source: .opener, text: "a call"), neighbours: neighbours("none", 0.85)),
            .init(span: RoleSpan(source: .opener, text: "go developer"), neighbours: neighbours("backend", 0.96)),
        ], decider: decider)
        #expect(chosen?.index == 1)
        #expect(RoleSpanChooser.choose([], decider: decider) == nil)
    }
}

@Suite struct RoleCueFileTests {
    @Test func aBadCueFileIsAClearError() {
        #expect(throws: ConfigError.self) { try RoleCues(data: Array("[1, 2]".utf8), path: "cues.json") }
        let long = String(repeating: "x", count: RoleCues.maximumEntryCharacters + 1)
        let body = #"{"labels": [], "openers": ["\#(long)"], "suffixes": [], "articles": [], "stops": [], "continuations": [], "generic_titles": [], "seniority": []}"#
        #expect(throws: ConfigError.self) { try RoleCues(data: Array(body.utf8), path: "cues.json") }
    }

    @Test func thePositionsFileReadsItsCueFileNextToIt() throws {
        let positions = #"{"positions": [{"id": "ops", "title": "Ops Lead", "pdf": "ops.pdf", "filename": "ops.pdf"}], "role_cue_file": "cues.json"}"#
        let cues = #"{"labels": ["Role"], "openers": ["  We Need "], "suffixes": [], "articles": ["a"], "stops": ["to"], "continuations": [], "generic_titles": [], "seniority": []}"#
        var asked: [String] = []
        let file = try PositionsFile(data: Array(positions.utf8), path: "/etc/cv/positions.json") { path in
            asked.append(path)
            return path == "/etc/cv/cues.json" ? Array(cues.utf8) : nil
        }
        #expect(asked == ["/etc/cv/cues.json"])
        #expect(file.roleCues?.openers == ["we need"])
        #expect(throws: ConfigError.self) {
            try PositionsFile(data: Array(positions.utf8), path: "/etc/cv/positions.json") { _ in nil }
        }
    }
}

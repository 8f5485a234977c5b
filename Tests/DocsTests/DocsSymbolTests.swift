import Foundation
import Testing

/// Docs that cannot drift: every Swift name a page of `Docs/` mentions is
/// declared in the package, with the labels it shows, and every repository
/// path it names exists (see ``DocsSymbolChecker`` for what is checked).
@Suite struct DocsSymbolTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let pages: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Docs").path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted() + ["../README.md"]
    }()

    static let checker: DocsSymbolChecker = {
        var symbols = DeclaredSymbols()
        var paths: Set<String> = [], fileNames: Set<String> = []
        for folder in ["Sources", "Tests", "Docs", "Scripts", "CXLA"] {
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let relative = enumerator?.nextObject() as? String {
                let path = folder + "/" + relative
                paths.insert(path)
                fileNames.insert((relative as NSString).lastPathComponent)
                if path.hasSuffix(".swift"), folder != "Scripts",
                   let source = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) {
                    symbols.add(source: source)
                }
            }
            paths.insert(folder)
        }
        let package = (try? String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)) ?? ""
        let targets = package.split(separator: "name: \"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
        let sourceFolders = paths.filter { $0.hasPrefix("Sources/") && !$0.hasSuffix(".swift") }.map { ($0 as NSString).lastPathComponent }
        return DocsSymbolChecker(symbols: symbols, modules: Set(targets + sourceFolders), paths: paths, fileNames: fileNames)
    }()

    @Test func thePagesAndSourcesAreFound() {
        #expect(Self.pages.count > 20)
        #expect(Self.checker.symbols.types["Tensor"] != nil)
        #expect(Self.checker.modules.contains("XLATensor"))
    }

    @Test(arguments: pages)
    func everyNameAPageMentionsExists(_ page: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Docs").appendingPathComponent(page), encoding: .utf8)
        let problems = Self.checker.problems(inPage: text)
        #expect(problems.isEmpty, "\(page):\n\(problems.joined(separator: "\n"))")
    }

    /// The check reports names that do not exist, wrong labels and missing
    /// files, accepts their correct forms, and skips what is quoted from
    /// Python (a `Haiku` column, `hk.` names).
    @Test func theCheckFindsWhatDoesNotExist() {
        let page = """
            `Tensor.noSuchMember` and `NoSuchType`, `noSuchHumpedName`, `Docs/NoSuchPage.md`,
            `Linear(_:noSuchLabel:)`, `.noSuchCase`.

            ```swift
            let y = Linear(noSuchLabel: 3)(x)
            let z = noSuchFunction(y)
            ```

            `Tensor.arange`, `Tensor`, `forLoop`, `Docs/VMap.md`, `Linear(_:withBias:)`, `.same`,
            `hk.no_such_thing`, `ValueError`, `jit`, `Linear.self`.

            ```swift
            let net = Sequential([Linear(300), relu, Linear(10)])
            let logits = net(images)
            ```

            | Haiku | Swift |
            |---|---|
            | `NoSuchHaikuName` | `NoSuchSwiftName` |
            """
        let problems = Self.checker.problems(inPage: page)
        #expect(problems == [
            "1: `Tensor.noSuchMember`: Tensor has no member noSuchMember",
            "1: `NoSuchType`: no type or target NoSuchType",
            "1: `noSuchHumpedName`: nothing is named noSuchHumpedName",
            "1: `Docs/NoSuchPage.md`: no such file or folder in the repository",
            "2: `Linear(_:noSuchLabel:)`: no Linear takes (_:noSuchLabel:)",
            "2: `.noSuchCase`: nothing is named noSuchCase",
            "5: `let y = Linear(noSuchLabel: 3)(x)`: no Linear takes (noSuchLabel:)",
            "5: `let y = Linear(noSuchLabel: 3)(x)`: no function noSuchFunction",
            "19: `NoSuchSwiftName`: no type or target NoSuchSwiftName",
        ], "\(problems)")
    }
}

/// The job graph cut into chains (Flink's job vertices): consecutive operators that run
/// in one task, with how records cross from one vertex to the next.
struct ExecutionPlan {
    struct Vertex {
        let id: Int
        /// The graph nodes of the chain, head first.
        var nodes: [JobGraph.Node]
        let parallelism: Int
        let maxParallelism: Int
        /// The vertex it reads from, and how records are distributed to its subtasks.
        var input: (vertex: Int, partitioning: Partitioning)?
        /// Vertices that read from it.
        var consumers: [Int] = []
        /// Its nodes whose output records only reach `discard` sinks: the records count,
        /// their values do not (an operator may skip making them).
        var unreadOutputs: Set<Int> = []

        /// Flink's chain name: "Source: sequence -> Map".
        var name: String { nodes.map(\.name).joined(separator: " -> ") }
        var isSource: Bool { nodes.first?.input == nil }
    }

    enum Partitioning: Equatable {
        /// Subtask i sends to subtask i (same parallelism, no key).
        case forward
        /// By key group, to the subtask that owns it.
        case hash
        /// Round-robin over all consumer subtasks.
        case rebalance
    }

    var vertices: [Vertex] = []

    /// Chains the graph the way Flink would: a node joins its input's chain when it is that
    /// input's only consumer, has the same parallelism and does not follow a `key_by`.
    init(_ graph: JobGraph) {
        var vertexOf: [Int: Int] = [:]
        for node in graph.nodes {
            let p = node.parallelism ?? graph.parallelism
            if let input = node.input {
                let upstream = graph.nodes[input]
                let keyed: Bool = if case .keyBy = upstream.kind { true } else { false }
                let v = vertexOf[input]!
                if !keyed, graph.consumers(of: input).count == 1, vertices[v].parallelism == p {
                    vertices[v].nodes.append(node)
                    vertexOf[node.id] = v
                    continue
                }
                let partitioning: Partitioning = keyed ? .hash : (vertices[v].parallelism == p ? .forward : .rebalance)
                let id = vertices.count
                vertices.append(Vertex(id: id, nodes: [node], parallelism: p, maxParallelism: graph.maxParallelism(of: node),
                                       input: (v, partitioning)))
                vertices[v].consumers.append(id)
                vertexOf[node.id] = id
            } else {
                let id = vertices.count
                vertices.append(Vertex(id: id, nodes: [node], parallelism: p, maxParallelism: graph.maxParallelism(of: node)))
                vertexOf[node.id] = id
            }
        }
        for node in graph.nodes {
            let consumers = graph.consumers(of: node.id)
            let unread = !consumers.isEmpty && consumers.allSatisfy { consumer in
                if case .sink(.discard) = graph.nodes[consumer].kind { true } else { false }
            }
            if unread { vertices[vertexOf[node.id]!].unreadOutputs.insert(node.id) }
        }
    }

    /// Slots the job needs with one slot-sharing group: the highest vertex parallelism.
    var slotsNeeded: Int { vertices.reduce(0) { max($0, $1.parallelism) } }

    /// Every subtask, vertex by vertex: the order events are reported in.
    var subtaskCount: Int { vertices.reduce(0) { $0 + $1.parallelism } }
}

/// The operations that mean nothing for a local Flink application: they are in the API,
/// and each fails with `UnsupportedOperationException` saying why.
extension ServiceAPI {
    static let notLocalReason: [String: String] = [
        "AddApplicationVpcConfiguration": "applications in a VPC",
        "DeleteApplicationVpcConfiguration": "applications in a VPC",
        "CreateApplicationPresignedUrl": "the Flink dashboard or Studio notebooks behind a presigned URL",
        "DiscoverInputSchema": "SQL applications (legacy Kinesis Data Analytics for SQL)",
    ]

    static var notLocalOperations: [APIOperation] {
        let sql = "SQL applications (legacy Kinesis Data Analytics for SQL)"
        return [
            ("AddApplicationInput", "Adds a streaming source to a SQL application."),
            ("AddApplicationInputProcessingConfiguration", "Adds an input processor to a SQL application."),
            ("AddApplicationOutput", "Adds a destination to a SQL application."),
            ("AddApplicationReferenceDataSource", "Adds a reference data source to a SQL application."),
            ("DeleteApplicationInputProcessingConfiguration", "Removes an input processor from a SQL application."),
            ("DeleteApplicationOutput", "Removes a destination from a SQL application."),
            ("DeleteApplicationReferenceDataSource", "Removes a reference data source from a SQL application."),
            ("DiscoverInputSchema", "Infers a SQL application's input schema."),
            ("AddApplicationVpcConfiguration", "Puts an application in a VPC."),
            ("DeleteApplicationVpcConfiguration", "Takes an application out of a VPC."),
            ("CreateApplicationPresignedUrl", "A URL for the Flink dashboard or a Studio notebook."),
        ].map { name, doc in
            APIOperation(name, doc + " Not local: UnsupportedOperationException (\(notLocalReason[name] ?? sql)).", input: .unmodeled, nil)
        }
    }
}

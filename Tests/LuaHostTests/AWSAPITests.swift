import FloeTestSupport
import Foundation
import Lifecycle
import LuaHost
import Testing

/// `floe.aws`: every kinesisanalyticsv2 operation, called from Lua through the real host
/// with the API's field names, answering with the API's shapes and error names.
@Suite struct AWSAPITests {
    /// What every case starts from: the bucket `jobs` mounted on scripts/jobs, an application
    /// `sums` created from it (READY, version 1), and helpers.
    static let setup = """
        aws = floe.aws
        floe.mount_bucket("jobs", '\(Repository.path("scripts/jobs"))')
        function create_request(name)
          return {
            ApplicationName = name, RuntimeEnvironment = "FLINK-1_20",
            ServiceExecutionRole = "arn:aws:iam::123456789012:role/flink",
            ApplicationConfiguration = {
              ApplicationCodeConfiguration = { CodeContentType = "ZIPFILE",
                CodeContent = { S3ContentLocation = { BucketARN = "arn:aws:s3:::jobs", FileKey = "running-sums.lua" } } },
              EnvironmentProperties = { PropertyGroups = {
                { PropertyGroupId = "numbers", PropertyMap = { count = "100000", rate = "100" } } } },
            },
          }
        end
        created = aws.create_application(create_request("sums")).ApplicationDetail
        function describe(name) return aws.describe_application{ ApplicationName = name or "sums" }.ApplicationDetail end
        function wait_for(status, name)
          for _ = 1, 3600 do
            local ok, d = pcall(describe, name)
            if (ok and d.ApplicationStatus == status) or (not ok and status == "DELETED") then return end
            floe.sleep(1)
          end
          error("timed out waiting for " .. status .. "; it is " .. describe(name).ApplicationStatus)
        end
        function running()
          aws.start_application{ ApplicationName = "sums" }
          wait_for("RUNNING")
        end
        function refused(code, f, request)
          local ok, e = pcall(f, request)
          assert(not ok, "expected " .. code .. ", got success")
          assert(e.code == code, "expected " .. code .. ", got " .. tostring(e))
          return e.message
        end
        """

    /// One case per operation: the operation doing its work, and refusing as the service does.
    static let cases: [String: String] = [
        "CreateApplication": """
            assert(created.ApplicationStatus == "READY" and created.ApplicationVersionId == 1)
            assert(created.ApplicationARN == "arn:aws:kinesisanalytics:us-east-1:123456789012:application/sums")
            assert(created.ApplicationMode == "STREAMING" and #created.ConditionalToken > 0)
            local c = created.ApplicationConfigurationDescription
            assert(c.ApplicationCodeConfigurationDescription.CodeContentDescription.S3ApplicationCodeLocationDescription.FileKey == "running-sums.lua")
            local f = c.FlinkApplicationConfigurationDescription
            assert(f.CheckpointConfigurationDescription.ConfigurationType == "DEFAULT")
            assert(f.CheckpointConfigurationDescription.CheckpointInterval == 60000)
            assert(f.ParallelismConfigurationDescription.Parallelism == 1 and f.ParallelismConfigurationDescription.AutoScalingEnabled)
            assert(f.MonitoringConfigurationDescription.LogLevel == "INFO")
            assert(c.ApplicationSnapshotConfigurationDescription.SnapshotsEnabled == true)
            assert(c.ApplicationSystemRollbackConfigurationDescription.RollbackEnabled == false)
            assert(c.EnvironmentPropertyDescriptions.PropertyGroupDescriptions[1].PropertyMap.count == "100000")
            assert(created.ApplicationMaintenanceConfigurationDescription.ApplicationMaintenanceWindowStartTime == "03:00")
            refused("ResourceInUseException", aws.create_application, create_request("sums"))
            local r = create_request("other")
            r.ApplicationConfiguration.FlinkApplicationConfiguration = { ParallelismConfiguration = { ConfigurationType = "CUSTOM", Paralelism = 2 } }
            assert(refused("ParamValidationError", aws.create_application, r):find('Unknown parameter in ApplicationConfiguration.FlinkApplicationConfiguration.ParallelismConfiguration: "Paralelism"', 1, true))
            r = create_request("other"); r.RuntimeEnvironment = "FLINK-1_11"
            refused("InvalidArgumentException", aws.create_application, r)
            r = create_request("other"); r.RuntimeEnvironment = "SQL-1_0"
            refused("UnsupportedOperationException", aws.create_application, r)
            r = create_request("other"); r.ApplicationConfiguration.ApplicationCodeConfiguration.CodeContent.S3ContentLocation.FileKey = "missing.lua"
            refused("InvalidArgumentException", aws.create_application, r)
            r = create_request("other"); r.ApplicationConfiguration.VpcConfigurations = { { SubnetIds = { "s" }, SecurityGroupIds = { "g" } } }
            refused("UnsupportedOperationException", aws.create_application, r)
            r = create_request("other"); r.Tags = { { Key = "a", Value = "1" }, { Key = "a", Value = "2" } }
            refused("InvalidArgumentException", aws.create_application, r)
            """,
        "StartApplication": """
            refused("InvalidArgumentException", aws.start_application, { ApplicationName = "sums",
              RunConfiguration = { ApplicationRestoreConfiguration = { ApplicationRestoreType = "RESTORE_FROM_CUSTOM_SNAPSHOT" } } })
            local op = aws.start_application{ ApplicationName = "sums" }.OperationId
            assert(describe().ApplicationStatus == "STARTING")
            wait_for("RUNNING")
            local run = describe().ApplicationConfigurationDescription.RunConfigurationDescription
            assert(run.ApplicationRestoreConfigurationDescription.ApplicationRestoreType == "RESTORE_FROM_LATEST_SNAPSHOT")
            assert(aws.describe_application_operation{ ApplicationName = "sums", OperationId = op }.ApplicationOperationInfoDetails.OperationStatus == "SUCCESSFUL")
            refused("ResourceInUseException", aws.start_application, { ApplicationName = "sums" })
            refused("ResourceNotFoundException", aws.start_application, { ApplicationName = "nope" })
            """,
        "StopApplication": """
            refused("ResourceInUseException", aws.stop_application, { ApplicationName = "sums", Force = true })
            running()
            assert(aws.stop_application{ ApplicationName = "sums" }.OperationId)
            assert(describe().ApplicationStatus == "STOPPING")
            wait_for("READY")
            assert(#aws.list_application_snapshots{ ApplicationName = "sums" }.SnapshotSummaries == 1)
            """,
        "UpdateApplication": """
            running()
            refused("ConcurrentModificationException", aws.update_application, { ApplicationName = "sums", CurrentApplicationVersionId = 7 })
            refused("ConcurrentModificationException", aws.update_application, { ApplicationName = "sums", ConditionalToken = "stale" })
            local r = aws.update_application{ ApplicationName = "sums", ConditionalToken = describe().ConditionalToken,
              ApplicationConfigurationUpdate = { FlinkApplicationConfigurationUpdate = {
                ParallelismConfigurationUpdate = { ConfigurationTypeUpdate = "CUSTOM", ParallelismUpdate = 2 },
                CheckpointConfigurationUpdate = { CheckpointIntervalUpdate = 1000 } } } }
            assert(r.ApplicationDetail.ApplicationVersionId == 2 and r.ApplicationDetail.ApplicationStatus == "UPDATING")
            wait_for("RUNNING")
            local f = describe().ApplicationConfigurationDescription.FlinkApplicationConfigurationDescription
            assert(f.ParallelismConfigurationDescription.CurrentParallelism == 2)
            -- Under DEFAULT, the service's checkpoint values win over the ones given.
            assert(f.CheckpointConfigurationDescription.CheckpointInterval == 60000)
            assert(describe().ApplicationVersionUpdatedFrom == 1)
            assert(refused("ParamValidationError", aws.update_application, { ApplicationName = "sums",
              ApplicationConfigurationUpdate = { ApplicationSnapshotConfigurationUpdate = { SnapshotsEnabled = false } } }):find("SnapshotsEnabled", 1, true))
            """,
        "RollbackApplication": """
            running()
            aws.update_application{ ApplicationName = "sums", CurrentApplicationVersionId = 1, ApplicationConfigurationUpdate = {
              FlinkApplicationConfigurationUpdate = { ParallelismConfigurationUpdate = { ConfigurationTypeUpdate = "CUSTOM", ParallelismUpdate = 2 } } } }
            wait_for("RUNNING")
            refused("ParamValidationError", aws.rollback_application, { ApplicationName = "sums" })
            local r = aws.rollback_application{ ApplicationName = "sums", CurrentApplicationVersionId = 2 }
            assert(r.ApplicationDetail.ApplicationStatus == "ROLLING_BACK" and r.OperationId)
            wait_for("RUNNING")
            local d = describe()
            assert(d.ApplicationVersionId == 3 and d.ApplicationVersionRolledBackFrom == 2 and d.ApplicationVersionRolledBackTo == 1)
            assert(d.ApplicationConfigurationDescription.FlinkApplicationConfigurationDescription.ParallelismConfigurationDescription.Parallelism == 1)
            """,
        "DeleteApplication": """
            refused("ParamValidationError", aws.delete_application, { ApplicationName = "sums" })
            refused("InvalidArgumentException", aws.delete_application, { ApplicationName = "sums", CreateTimestamp = created.CreateTimestamp - 5 })
            -- boto3 sends whole seconds: the comparison is to the second.
            aws.delete_application{ ApplicationName = "sums", CreateTimestamp = created.CreateTimestamp + 0.7 }
            assert(describe().ApplicationStatus == "DELETING")
            wait_for("DELETED")
            refused("ResourceNotFoundException", aws.describe_application, { ApplicationName = "sums" })
            """,
        "DescribeApplication": """
            refused("ResourceNotFoundException", aws.describe_application, { ApplicationName = "nope" })
            running()
            local d = aws.describe_application{ ApplicationName = "sums", IncludeAdditionalDetails = true }.ApplicationDetail
            local plan = d.ApplicationConfigurationDescription.FlinkApplicationConfigurationDescription.JobPlanDescription
            assert(plan:find('"jid":', 1, true) and plan:find("Running sum", 1, true), plan)
            assert(describe().ApplicationConfigurationDescription.FlinkApplicationConfigurationDescription.JobPlanDescription == nil)
            """,
        "ListApplications": """
            for _, name in ipairs{ "c", "a", "b" } do aws.create_application(create_request(name)) end
            local page = aws.list_applications{ Limit = 2 }
            assert(#page.ApplicationSummaries == 2 and page.ApplicationSummaries[1].ApplicationName == "a" and page.NextToken == "c")
            page = aws.list_applications{ Limit = 2, NextToken = page.NextToken }
            assert(page.ApplicationSummaries[1].ApplicationName == "c" and page.ApplicationSummaries[2].ApplicationStatus == "READY")
            assert(page.NextToken == nil)
            refused("ParamValidationError", aws.list_applications, { Limit = 0 })
            refused("InvalidArgumentException", aws.list_applications, { Limit = 51 })
            """,
        "CreateApplicationSnapshot": """
            refused("ResourceInUseException", aws.create_application_snapshot, { ApplicationName = "sums", SnapshotName = "s1" })
            running()
            assert(next(aws.create_application_snapshot{ ApplicationName = "sums", SnapshotName = "s1" }) == nil)
            refused("ResourceInUseException", aws.create_application_snapshot, { ApplicationName = "sums", SnapshotName = "s1" })
            refused("InvalidArgumentException", aws.create_application_snapshot, { ApplicationName = "sums", SnapshotName = "bad name" })
            floe.sleep(10)
            assert(aws.describe_application_snapshot{ ApplicationName = "sums", SnapshotName = "s1" }.SnapshotDetails.SnapshotStatus == "READY")
            """,
        "DeleteApplicationSnapshot": """
            running()
            aws.create_application_snapshot{ ApplicationName = "sums", SnapshotName = "s1" }
            floe.sleep(10)
            local s = aws.describe_application_snapshot{ ApplicationName = "sums", SnapshotName = "s1" }.SnapshotDetails
            refused("InvalidArgumentException", aws.delete_application_snapshot, { ApplicationName = "sums", SnapshotName = "s1",
              SnapshotCreationTimestamp = s.SnapshotCreationTimestamp + 60 })
            aws.delete_application_snapshot{ ApplicationName = "sums", SnapshotName = "s1", SnapshotCreationTimestamp = math.floor(s.SnapshotCreationTimestamp) }
            refused("ResourceNotFoundException", aws.delete_application_snapshot, { ApplicationName = "sums", SnapshotName = "s1",
              SnapshotCreationTimestamp = s.SnapshotCreationTimestamp })
            """,
        "DescribeApplicationSnapshot": """
            refused("ResourceNotFoundException", aws.describe_application_snapshot, { ApplicationName = "sums", SnapshotName = "none" })
            running()
            aws.create_application_snapshot{ ApplicationName = "sums", SnapshotName = "s1" }
            local s = aws.describe_application_snapshot{ ApplicationName = "sums", SnapshotName = "s1" }.SnapshotDetails
            assert(s.SnapshotStatus == "CREATING" and s.ApplicationVersionId == 1 and s.RuntimeEnvironment == "FLINK-1_20")
            assert(s.SnapshotCreationTimestamp >= created.CreateTimestamp)
            """,
        "ListApplicationSnapshots": """
            running()
            for i = 1, 3 do aws.create_application_snapshot{ ApplicationName = "sums", SnapshotName = "s" .. i }; floe.sleep(10) end
            local page = aws.list_application_snapshots{ ApplicationName = "sums", Limit = 2 }
            assert(#page.SnapshotSummaries == 2 and page.SnapshotSummaries[1].SnapshotName == "s1" and page.NextToken)
            page = aws.list_application_snapshots{ ApplicationName = "sums", Limit = 2, NextToken = page.NextToken }
            assert(#page.SnapshotSummaries == 1 and page.SnapshotSummaries[1].SnapshotName == "s3" and page.NextToken == nil)
            -- The model gives this operation no ResourceNotFoundException.
            refused("InvalidArgumentException", aws.list_application_snapshots, { ApplicationName = "nope" })
            refused("InvalidArgumentException", aws.list_application_snapshots, { ApplicationName = "sums", NextToken = "zz" })
            """,
        "ListApplicationVersions": """
            aws.update_application{ ApplicationName = "sums", ApplicationConfigurationUpdate = {
              ApplicationSnapshotConfigurationUpdate = { SnapshotsEnabledUpdate = false } } }
            wait_for("READY")
            local versions = aws.list_application_versions{ ApplicationName = "sums" }.ApplicationVersionSummaries
            assert(#versions == 2 and versions[2].ApplicationVersionId == 2 and versions[2].ApplicationStatus == "READY")
            refused("ResourceNotFoundException", aws.list_application_versions, { ApplicationName = "nope" })
            """,
        "DescribeApplicationVersion": """
            aws.update_application{ ApplicationName = "sums", ApplicationConfigurationUpdate = {
              ApplicationSnapshotConfigurationUpdate = { SnapshotsEnabledUpdate = false } } }
            local v1 = aws.describe_application_version{ ApplicationName = "sums", ApplicationVersionId = 1 }.ApplicationVersionDetail
            assert(v1.ApplicationVersionId == 1)
            assert(v1.ApplicationConfigurationDescription.ApplicationSnapshotConfigurationDescription.SnapshotsEnabled == true)
            assert(describe().ApplicationConfigurationDescription.ApplicationSnapshotConfigurationDescription.SnapshotsEnabled == false)
            refused("ResourceNotFoundException", aws.describe_application_version, { ApplicationName = "sums", ApplicationVersionId = 9 })
            """,
        "ListApplicationOperations": """
            running()
            aws.stop_application{ ApplicationName = "sums" }
            wait_for("READY")
            local ops = aws.list_application_operations{ ApplicationName = "sums" }.ApplicationOperationInfoList
            assert(#ops == 2 and ops[1].Operation == "StopApplication" and ops[2].Operation == "StartApplication")
            assert(ops[2].OperationStatus == "SUCCESSFUL" and ops[2].EndTime >= ops[2].StartTime)
            ops = aws.list_application_operations{ ApplicationName = "sums", Operation = "StartApplication" }.ApplicationOperationInfoList
            assert(#ops == 1)
            ops = aws.list_application_operations{ ApplicationName = "sums", OperationStatus = "FAILED" }.ApplicationOperationInfoList
            assert(#ops == 0)
            refused("InvalidArgumentException", aws.list_application_operations, { ApplicationName = "sums", OperationStatus = "DONE" })
            """,
        "DescribeApplicationOperation": """
            local r = create_request("broken")
            r.ApplicationConfiguration.EnvironmentProperties = nil  -- the job script cannot build without them
            aws.create_application(r)
            local op = aws.start_application{ ApplicationName = "broken" }.OperationId
            wait_for("READY", "broken")
            local d = aws.describe_application_operation{ ApplicationName = "broken", OperationId = op }.ApplicationOperationInfoDetails
            assert(d.Operation == "StartApplication" and d.OperationStatus == "FAILED")
            assert(d.OperationFailureDetails.ErrorInfo.ErrorString:find("CodeValidationException", 1, true))
            local u = aws.update_application{ ApplicationName = "sums", ApplicationConfigurationUpdate = {
              ApplicationSnapshotConfigurationUpdate = { SnapshotsEnabledUpdate = false } } }.OperationId
            local change = aws.describe_application_operation{ ApplicationName = "sums", OperationId = u }
              .ApplicationOperationInfoDetails.ApplicationVersionChangeDetails
            assert(change.ApplicationVersionUpdatedFrom == 1 and change.ApplicationVersionUpdatedTo == 2)
            refused("ResourceNotFoundException", aws.describe_application_operation, { ApplicationName = "sums", OperationId = "nope" })
            """,
        "AddApplicationCloudWatchLoggingOption": """
            local r = aws.add_application_cloud_watch_logging_option{ ApplicationName = "sums", CurrentApplicationVersionId = 1,
              CloudWatchLoggingOption = { LogStreamARN = "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s" } }
            assert(r.ApplicationVersionId == 2 and r.OperationId and #r.CloudWatchLoggingOptionDescriptions == 1)
            assert(describe().CloudWatchLoggingOptionDescriptions[1].CloudWatchLoggingOptionId == r.CloudWatchLoggingOptionDescriptions[1].CloudWatchLoggingOptionId)
            refused("ConcurrentModificationException", aws.add_application_cloud_watch_logging_option, { ApplicationName = "sums",
              CurrentApplicationVersionId = 1, CloudWatchLoggingOption = { LogStreamARN = "arn:aws:logs:x" } })
            refused("InvalidArgumentException", aws.add_application_cloud_watch_logging_option, { ApplicationName = "sums",
              CloudWatchLoggingOption = { LogStreamARN = "not-an-arn" } })
            """,
        "DeleteApplicationCloudWatchLoggingOption": """
            local id = aws.add_application_cloud_watch_logging_option{ ApplicationName = "sums",
              CloudWatchLoggingOption = { LogStreamARN = "arn:aws:logs:x" } }.CloudWatchLoggingOptionDescriptions[1].CloudWatchLoggingOptionId
            refused("ResourceNotFoundException", aws.delete_application_cloud_watch_logging_option, { ApplicationName = "sums", CloudWatchLoggingOptionId = "9.9" })
            local r = aws.delete_application_cloud_watch_logging_option{ ApplicationName = "sums", CloudWatchLoggingOptionId = id, CurrentApplicationVersionId = 2 }
            assert(r.ApplicationVersionId == 3 and #r.CloudWatchLoggingOptionDescriptions == 0)
            assert(describe().CloudWatchLoggingOptionDescriptions == nil)
            """,
        "UpdateApplicationMaintenanceConfiguration": """
            local r = aws.update_application_maintenance_configuration{ ApplicationName = "sums",
              ApplicationMaintenanceConfigurationUpdate = { ApplicationMaintenanceWindowStartTimeUpdate = "22:30" } }
            assert(r.ApplicationARN == created.ApplicationARN)
            assert(r.ApplicationMaintenanceConfigurationDescription.ApplicationMaintenanceWindowEndTime == "06:30")
            assert(describe().ApplicationVersionId == 1)
            refused("InvalidArgumentException", aws.update_application_maintenance_configuration, { ApplicationName = "sums",
              ApplicationMaintenanceConfigurationUpdate = { ApplicationMaintenanceWindowStartTimeUpdate = "24:00" } })
            aws.start_application{ ApplicationName = "sums" }
            refused("ResourceInUseException", aws.update_application_maintenance_configuration, { ApplicationName = "sums",
              ApplicationMaintenanceConfigurationUpdate = { ApplicationMaintenanceWindowStartTimeUpdate = "01:00" } })
            """,
        "TagResource": """
            aws.tag_resource{ ResourceARN = created.ApplicationARN, Tags = { { Key = "team", Value = "data" } } }
            local tags = {}
            for i = 1, 50 do tags[i] = { Key = "k" .. i, Value = "v" } end
            refused("TooManyTagsException", aws.tag_resource, { ResourceARN = created.ApplicationARN, Tags = tags })
            refused("ParamValidationError", aws.tag_resource, { ResourceARN = created.ApplicationARN, Tags = {} })
            refused("ResourceNotFoundException", aws.tag_resource, { ResourceARN = created.ApplicationARN .. "x", Tags = { { Key = "a" } } })
            """,
        "UntagResource": """
            aws.tag_resource{ ResourceARN = created.ApplicationARN, Tags = { { Key = "a", Value = "1" }, { Key = "b", Value = "2" } } }
            aws.untag_resource{ ResourceARN = created.ApplicationARN, TagKeys = { "a", "zz" } }
            local tags = aws.list_tags_for_resource{ ResourceARN = created.ApplicationARN }.Tags
            assert(#tags == 1 and tags[1].Key == "b")
            """,
        "ListTagsForResource": """
            aws.tag_resource{ ResourceARN = created.ApplicationARN, Tags = { { Key = "b", Value = "2" }, { Key = "a", Value = "1" } } }
            local tags = aws.list_tags_for_resource{ ResourceARN = created.ApplicationARN }.Tags
            assert(#tags == 2 and tags[1].Key == "a" and tags[2].Value == "2")
            refused("InvalidArgumentException", aws.list_tags_for_resource, { ResourceARN = "arn:aws:s3:::bucket" })
            """,
    ].merging(notLocal) { a, _ in a }

    /// The operations that mean nothing locally: each refused with UnsupportedOperationException.
    static var notLocal: [String: String] {
        Dictionary(uniqueKeysWithValues: ServiceAPI.operations.filter { !$0.isSupported }.map { op in
            (op.name, """
                assert(refused("UnsupportedOperationException", aws.\(op.pythonName), { ApplicationName = "sums" }):find("\(op.name)", 1, true))
                """)
        })
    }

    @Test func everyOperationHasAFunctionADocAndACase() throws {
        let operations = ServiceAPI.operations
        #expect(operations.count == 33)
        #expect(Set(Self.cases.keys) == Set(operations.map(\.name)))
        let runtime = try makeRuntime()
        let reference = try String(contentsOfFile: Repository.path("Sources/LuaHost/SCRIPTING.md"), encoding: .utf8)
        for op in operations {
            #expect(!op.doc.isEmpty, "\(op.name) has no doc")
            #expect(try runtime.value("return type(floe.aws.\(op.pythonName))") == "function", "floe.aws.\(op.pythonName)")
            #expect(reference.contains("floe.aws.\(op.pythonName)"), "SCRIPTING.md does not list floe.aws.\(op.pythonName)")
        }
        #expect(operations.filter(\.isSupported).count == 22)
    }

    @Test(arguments: ServiceAPI.operations.map(\.name))
    func operation(_ name: String) throws {
        let runtime = try makeRuntime()
        try runtime.run(Self.setup)
        try runtime.run(try #require(Self.cases[name]))
    }

    @Test func theVersionOrTokenRuleAndTheOperationNamesAreSettings() throws {
        let runtime = try makeRuntime()
        try runtime.run(Self.setup)
        try runtime.run("""
            local update = { ApplicationName = "sums", ApplicationConfigurationUpdate = {
              ApplicationSnapshotConfigurationUpdate = { SnapshotsEnabledUpdate = true } } }
            aws.update_application(update)                          -- lenient by default
            wait_for("READY")
            floe.settings{ require_version_or_token = true, scale_up_operation = "Scale" }
            refused("InvalidArgumentException", aws.update_application, update)
            update.CurrentApplicationVersionId = 2
            aws.update_application(update)
            wait_for("READY")
            running()
            local app = floe.create_application{ name = "x", code = '\(Repository.path("scripts/jobs/busy-counts.lua"))',
              properties = { load = { rate = "1", cost = "0.001" } } }
            app:start() app:wait("RUNNING") app:scale(2) app:wait("RUNNING")
            assert(app:operations()[1].operation == "Scale")
            assert(floe.settings().maintenance_operation == "ApplicationMaintenance")
            """)
    }

    @Test func pythonNamesAreBoto3s() {
        let names = Dictionary(uniqueKeysWithValues: ServiceAPI.operations.map { ($0.name, $0.pythonName) })
        #expect(names["ListTagsForResource"] == "list_tags_for_resource")
        #expect(names["AddApplicationCloudWatchLoggingOption"] == "add_application_cloud_watch_logging_option")
        #expect(names["CreateApplicationPresignedUrl"] == "create_application_presigned_url")
        #expect(names["UpdateApplicationMaintenanceConfiguration"] == "update_application_maintenance_configuration")
    }
}

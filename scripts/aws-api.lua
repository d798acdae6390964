-- aws-api.lua: the boto3-shaped layer, floe.aws, as a deployment pipeline would call it:
-- create from an S3 location, start, update with the ConditionalToken, snapshot, list
-- what happened, stop and delete. Field names and shapes are the API's own.
--
--   floe run scripts/aws-api.lua
local aws = floe.aws
floe.mount_bucket("artifacts", "jobs")   -- s3://artifacts/<key> = scripts/jobs/<key>

local name = "orders"
local detail = aws.create_application{
  ApplicationName = name,
  RuntimeEnvironment = "FLINK-1_20",
  ServiceExecutionRole = "arn:aws:iam::123456789012:role/flink-orders",
  ApplicationConfiguration = {
    ApplicationCodeConfiguration = {
      CodeContentType = "ZIPFILE",
      CodeContent = { S3ContentLocation = { BucketARN = "arn:aws:s3:::artifacts", FileKey = "running-sums.lua" } },
    },
    EnvironmentProperties = { PropertyGroups = {
      { PropertyGroupId = "numbers", PropertyMap = { count = "1000000", rate = "200" } },
    } },
    FlinkApplicationConfiguration = {
      ParallelismConfiguration = { ConfigurationType = "CUSTOM", Parallelism = 1, ParallelismPerKPU = 1, AutoScalingEnabled = false },
    },
  },
  Tags = { { Key = "team", Value = "payments" } },
}.ApplicationDetail
print("created", detail.ApplicationARN, detail.ApplicationStatus, "version " .. detail.ApplicationVersionId)

local function status()
  return aws.describe_application{ ApplicationName = name }.ApplicationDetail.ApplicationStatus
end
-- What a pipeline does with boto3: poll DescribeApplication until the status settles.
local function wait_until(wanted)
  while status() ~= wanted do floe.sleep(5) end
  print(("%s  %s"):format(floe.time_text(), wanted))
end

aws.start_application{ ApplicationName = name,
  RunConfiguration = { ApplicationRestoreConfiguration = { ApplicationRestoreType = "SKIP_RESTORE_FROM_SNAPSHOT" } } }
wait_until("RUNNING")
floe.sleep(300)

-- Scale to 2 with optimistic concurrency: the token from DescribeApplication.
local current = aws.describe_application{ ApplicationName = name }.ApplicationDetail
local update = aws.update_application{
  ApplicationName = name, ConditionalToken = current.ConditionalToken,
  ApplicationConfigurationUpdate = { FlinkApplicationConfigurationUpdate = {
    ParallelismConfigurationUpdate = { ConfigurationTypeUpdate = "CUSTOM", ParallelismUpdate = 2 } } },
}
print("update", update.OperationId, "to version " .. update.ApplicationDetail.ApplicationVersionId)
wait_until("RUNNING")

-- The old token is stale now.
local ok, err = pcall(aws.update_application, { ApplicationName = name, ConditionalToken = current.ConditionalToken })
print("stale token:", err.code)

aws.create_application_snapshot{ ApplicationName = name, SnapshotName = "before-stop" }
floe.sleep(10)
for _, s in ipairs(aws.list_application_snapshots{ ApplicationName = name }.SnapshotSummaries) do
  print("snapshot", s.SnapshotName, s.SnapshotStatus, "version " .. s.ApplicationVersionId)
end

aws.stop_application{ ApplicationName = name }
wait_until("READY")

for _, op in ipairs(aws.list_application_operations{ ApplicationName = name }.ApplicationOperationInfoList) do
  print("operation", op.Operation, op.OperationStatus, floe.duration_text(op.EndTime - op.StartTime))
end

aws.delete_application{ ApplicationName = name, CreateTimestamp = detail.CreateTimestamp }
while #aws.list_applications{}.ApplicationSummaries > 0 do floe.sleep(5) end
print("deleted; applications left:", #aws.list_applications{}.ApplicationSummaries)

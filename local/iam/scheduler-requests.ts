import type { IamRequest } from "../../infra/iam/simulate";
import type { RequestNaming } from "./iam-requests";

type Input = Readonly<Record<string, unknown>>;

const mapped = (map: Readonly<Record<string, string>>, local: string) =>
  Object.hasOwn(map, local) ? (map[local] ?? local) : local;

/**
 * How IAM sees an EventBridge Scheduler request of a local function: `scheduler:<Operation>` on the schedule's
 * ARN in the deployment's group, and `iam:PassRole` of the target's role (to Scheduler) for a create or an update. `ListSchedules`
 * is authorised on `*`. `undefined`: a request this cannot read.
 */
export const schedulerRequests = (
  naming: RequestNaming,
  command: string,
  input: Input,
): IamRequest[] | undefined => {
  const operation = command.replace(/Command$/, "");
  if (operation === "ListSchedules") return [{ action: "scheduler:ListSchedules", resource: "*" }];
  const { Name: name, GroupName: group = "default" } = input;
  if (typeof name !== "string" || typeof group !== "string") return undefined;
  const { partition, region, account } = naming.target;
  const resource = `arn:${partition}:scheduler:${region}:${account}:schedule/${mapped(naming.scheduleGroups, group)}/${name}`;
  const requests: IamRequest[] = [{ action: `scheduler:${operation}`, resource }];
  if (operation === "CreateSchedule" || operation === "UpdateSchedule") {
    const role = (input.Target as Input | undefined)?.RoleArn;
    if (typeof role !== "string") return undefined;
    requests.push({
      action: "iam:PassRole",
      resource: mapped(naming.roles, role),
      context: { "iam:PassedToService": "scheduler.amazonaws.com" },
    });
  }
  return requests;
};

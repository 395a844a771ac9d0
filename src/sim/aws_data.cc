#include "sim/aws_data.h"

namespace credtrace::sim {

const std::vector<std::string_view> kCommercialRegions = {
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1",
    "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1",
    "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "sa-east-1"};

std::string_view HomeRegionFor(uint64_t i) {
  static const std::string_view kHomes[] = {"us-east-1", "eu-west-1", "us-west-2", "eu-central-1"};
  return kHomes[i % 4];
}

#define TLS13 "TLSv1.3", "TLS_AES_128_GCM_SHA256"
#define TLS13B "TLSv1.3", "TLS_AES_256_GCM_SHA384"
#define TLS12 "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256"

const std::vector<Client> kDeveloperClients = {
    {"aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{{cmd}}", TLS13},
    {"aws-cli/2.15.58 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-41-generic md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{{cmd}}", TLS13},
    {"aws-cli/2.18.1 md/awscrt#0.21.5 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{{cmd}}", TLS13},
    {"Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.144", TLS13},
    {"APN/1.0 HashiCorp/1.0 Terraform/1.8.5 (+https://www.terraform.io) terraform-provider-aws/5.59.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.3 ua/2.0 os/macos lang/go#1.22.5 md/GOOS#darwin md/GOARCH#arm64 api/{{svc}}#1.0.0", TLS13},
    {"aws-toolkit-vscode/3.19.0 ide/vscode/1.91.1 os/macos lang/nodejs#20.14.0 aws-sdk-js/3.614.0", TLS13},
};

const std::vector<Client> kBrowserClients = {
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", TLS13},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36 Edg/127.0.0.0", TLS13},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:128.0) Gecko/20100101 Firefox/128.0", TLS13},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", TLS13},
};

const std::vector<Client> kAppClients = {
    {"aws-sdk-java/2.25.60 Linux/6.1.94-99.176.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy", TLS13},
    {"Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#6.1.94-99.176.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.131", TLS13},
    {"aws-sdk-go-v2/1.30.1 os/linux lang/go#1.22.4 md/GOOS#linux md/GOARCH#amd64 api/{{svc}}#1.54.0", TLS13},
    {"aws-sdk-nodejs/2.1651.0 linux/v20.15.0 exec-env/AWS_ECS_FARGATE promise", TLS12},
};

const std::vector<Client> kCiClients = {
    {"aws-cli/2.17.13 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0-1023-azure md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/GitHub Actions cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{{cmd}}", TLS13},
    {"aws-sdk-js/3.609.0 ua/2.0 os/linux#6.5.0-1023-azure lang/js md/nodejs#20.15.1 api/{{svc}}#3.609.0 exec-env/GitHub Actions", TLS13},
};

const std::vector<Client> kScannerClients = {
    {"Boto3/1.34.100 md/Botocore#1.34.100 ua/2.0 os/linux#5.10.218-208.862.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#adaptive Botocore/1.34.100 prowler/4.2.4", TLS13},
    {"aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/{{svc}}#1.0.0 ft/cspm-scanner", TLS13},
};

const std::vector<Client> kKeyCheckerClients = {
    {"python-requests/2.31.0", TLS12},
    {"Boto3/1.26.165 Python/3.8.10 Linux/5.15.0-91-generic Botocore/1.29.165", TLS12},
    {"TruffleHog", TLS13},
};

const std::vector<Client> kAttackerCliClients = {
    {"aws-cli/1.22.34 Python/3.11.2 Linux/6.5.0-kali3-amd64 botocore/1.31.85", TLS12},
    {"aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{{cmd}}", TLS13},
    {"Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#6.5.0-kali3-amd64 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57 Pacu", TLS12},
    {"aws-sdk-go/1.44.298 (go1.20.5; linux; amd64)", TLS12},
};

const std::vector<Client> kExfilClients = {
    {"S3 Browser/11.5.7 https://s3browser.com", TLS12},
    {"rclone/v1.65.1", TLS13},
    {"aws-cli/1.22.34 Python/3.11.2 Linux/6.5.0-kali3-amd64 botocore/1.31.85", TLS12},
};

const std::vector<Client> kLlmjackClients = {
    {"python-urllib3/2.0.7", TLS12},
    {"Python/3.11 aiohttp/3.9.5", TLS13},
    {"axios/1.7.4", TLS13},
    {"python-urllib3/2.0.5", TLS12},
};

const Client kSsmAgentClient = {"aws-sdk-go/1.54.20 (go1.22.5; linux; amd64) amazon-ssm-agent/3.3.1142.0", TLS12};

const std::vector<Network> kOfficeNetworks = {
    {"corporate egress (Zscaler)", "AS53813", "165.225.", 2},
    {"office London (BT)", "AS2856", "81.149.12.", 1},
    {"office Amsterdam (KPN)", "AS1136", "145.53.88.", 1},
};
const std::vector<Network> kHomeNetworks = {
    {"residential (Comcast)", "AS7922", "73.162.", 2},
    {"residential (Deutsche Telekom)", "AS3320", "87.153.", 2},
    {"residential (Virgin Media)", "AS5089", "86.12.", 2},
    {"residential (Ziggo)", "AS33915", "84.26.", 2},
};
const std::vector<Network> kAwsNetworks = {
    {"AWS us-east-1", "AS14618", "3.215.", 2},
    {"AWS eu-west-1", "AS16509", "52.49.", 2},
    {"AWS us-west-2", "AS16509", "44.234.", 2},
    {"AWS eu-central-1", "AS16509", "3.120.", 2},
};
const std::vector<Network> kCiNetworks = {
    {"GitHub Actions runners (Azure)", "AS8075", "20.172.", 2},
    {"GitHub Actions runners (Azure)", "AS8075", "172.183.", 2},
};
const std::vector<Network> kAttackerNetworks = {
    {"M247 Europe (VPN exit)", "AS9009", "185.156.172.", 1},
    {"DigitalOcean", "AS14061", "164.92.", 2},
    {"OVH SAS", "AS16276", "51.195.", 2},
    {"Hetzner Online", "AS24940", "95.216.", 2},
    {"Tor exit (Foundation for Applied Privacy)", "AS208323", "185.220.101.", 1},
    {"Contabo GmbH", "AS51167", "161.97.", 2},
    {"Vultr (The Constant Company)", "AS20473", "45.77.", 2},
    {"Datacamp Limited (VPN exit)", "AS60068", "89.187.", 2},
    {"Aeza Group", "AS210644", "77.91.", 2},
    {"Stark Industries Solutions", "AS44477", "45.142.", 2},
};

std::string AddressIn(const Network& n, Rng* rng) {
  std::string ip = n.prefix;
  if (n.free_octets == 2) {
    ip += std::to_string(rng->Range(1, 254));
    ip += '.';
  }
  ip += std::to_string(rng->Range(2, 253));
  return ip;
}

const std::vector<std::string_view> kGpuInstanceTypes = {"p3.16xlarge", "p4d.24xlarge", "g5.12xlarge", "g4dn.12xlarge", "p3.8xlarge", "g5.48xlarge"};
const std::vector<std::string_view> kAppInstanceTypes = {"m6i.large", "c6g.xlarge", "t3.medium", "r6i.large", "m7g.large"};
const std::vector<std::string_view> kBedrockModels = {
    "anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-sonnet-20240229-v1:0",
    "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-opus-20240229-v1:0",
    "meta.llama3-1-70b-instruct-v1:0", "mistral.mistral-large-2407-v1:0"};
const std::vector<std::string_view> kPersonNames = {
    "anna.kowalski", "ben.okafor", "chloe.martin", "daniel.reyes", "emma.lindqvist", "farid.haddad",
    "grace.chen", "hugo.dubois", "isla.murphy", "jonas.becker", "keiko.tanaka", "liam.oconnor",
    "maya.patel", "noah.schmidt", "olivia.rossi", "pavel.novak", "quinn.walker", "rosa.garcia",
    "sam.nguyen", "tara.singh", "umar.farouk", "vera.ivanova", "will.jones", "yara.haddad"};
const std::vector<std::string_view> kBackdoorUserNames = {
    "backup-svc", "aws-support-admin", "ses_legion", "devops-automation", "sysadmin2", "cloudwatch-agent-svc"};
const std::vector<std::string_view> kAppNames = {
    "checkout", "ledger", "catalog", "payments", "search", "notifications", "reports", "identity", "pricing", "inventory"};
const std::vector<std::string_view> kDataKeyWords = {
    "exports", "invoices", "customers", "backups", "reports", "statements", "kyc", "ledger", "payroll", "contracts"};

}  // namespace credtrace::sim

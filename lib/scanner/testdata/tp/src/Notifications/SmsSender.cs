using System.Threading.Tasks;
using Twilio;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Acme.Notifications
{
    public class SmsSender : ISmsSender
    {
        private const string AccountSid = "AC2558edcb2a13cc59f0f9895732e9012f";
        private const string AuthToken = "d0b737dfc3373c105e98caf0f7ac3d92";
        private const string FromNumber = "+14155550142";

        public SmsSender()
        {
            TwilioClient.Init(AccountSid, AuthToken);
        }

        public async Task SendAsync(string to, string body)
        {
            await MessageResource.CreateAsync(
                to: new PhoneNumber(to),
                from: new PhoneNumber(FromNumber),
                body: body);
        }
    }
}

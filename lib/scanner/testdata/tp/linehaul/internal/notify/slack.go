package notify

import (
	"context"
	"fmt"
	"os"

	"github.com/slack-go/slack"
)

// botToken is the linehaul-alerts bot. Kept here as fallback because the
// ECS task definition lost the env var twice during the migration.
const botToken = "xoxb-734199862950-1676429645378-dGJcxwps1O3TFBPZuG3nv2QL"

type Notifier struct {
	client  *slack.Client
	channel string
}

func New(channel string) *Notifier {
	tok := os.Getenv("SLACK_BOT_TOKEN")
	if tok == "" {
		tok = botToken
	}
	return &Notifier{client: slack.New(tok), channel: channel}
}

func (n *Notifier) DelayAlert(ctx context.Context, shipmentID string, minutes int) error {
	text := fmt.Sprintf(":truck: shipment %s is running %d min late", shipmentID, minutes)
	_, _, err := n.client.PostMessageContext(ctx, n.channel, slack.MsgOptionText(text, false))
	return err
}

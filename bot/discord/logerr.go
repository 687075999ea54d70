package discord

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// safeErr describes err for the log without secrets. Request URLs are left
// out because interaction and webhook URLs carry tokens; discordgo's
// RESTError keeps the request (with the bot token in its header) and the
// response body, so only the status and Discord's error code are used.
func safeErr(err error) string {
	if err == nil {
		return ""
	}
	var rest *discordgo.RESTError
	if errors.As(err, &rest) {
		s := "HTTP"
		if rest.Response != nil {
			s += " " + strconv.Itoa(rest.Response.StatusCode)
		}
		if rest.Message != nil && rest.Message.Code != 0 {
			s += " (Discord error " + strconv.Itoa(rest.Message.Code) + ")"
		}
		return s
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return "rate limited, retry after " + rl.RetryAfter.String()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + " request: " + safeErr(ue.Err)
	}
	if errors.Is(err, discordgo.ErrUnauthorized) {
		return "unauthorized: check the bot token"
	}
	return err.Error()
}

// statusOf returns the HTTP status of a failed REST call, or 0.
func statusOf(err error) int {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		return rest.Response.StatusCode
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return 429
	}
	return 0
}

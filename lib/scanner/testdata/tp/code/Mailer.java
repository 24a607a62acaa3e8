public class Mailer {
    private static final String TWILIO_AUTH_TOKEN = "4697f0603577aa6c55e0d19d3572186e";
    private static final String PASSWORD = "YkWpmcxWZYdJ";
}

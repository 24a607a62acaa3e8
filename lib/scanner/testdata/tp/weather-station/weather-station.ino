#define BLYNK_TEMPLATE_ID "TMPL4Ad3DVUO"
#define BLYNK_TEMPLATE_NAME "Weather Station"
#define BLYNK_AUTH_TOKEN "3NQ8MYyNZHO2cPI3hVzIQNgOxRk8Y6PS"

#include <WiFi.h>
#include <BlynkSimpleEsp32.h>
#include <Adafruit_BME280.h>

char ssid[] = "FRITZ!Box 7590 KQ";
char pass[] = "33734529499864637938";

Adafruit_BME280 bme;
BlynkTimer timer;

void sendReadings() {
  Blynk.virtualWrite(V0, bme.readTemperature());
  Blynk.virtualWrite(V1, bme.readHumidity());
  Blynk.virtualWrite(V2, bme.readPressure() / 100.0F);
}

void setup() {
  Serial.begin(115200);
  if (!bme.begin(0x76)) {
    Serial.println("BME280 not found");
  }
  Blynk.begin(BLYNK_AUTH_TOKEN, ssid, pass);
  timer.setInterval(60000L, sendReadings);
}

void loop() {
  Blynk.run();
  timer.run();
}
